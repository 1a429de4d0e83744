package dev.computectl.testkit;

import java.util.List;

/**
 * The log lines kept for one embedded compute, whatever the test's own logging configuration.
 * logback is an optional dependency of the testkit: only when it is on the classpath (and the SLF4J
 * binding) are lines kept, by {@link LogCapture}; otherwise nothing is, and no logback class is
 * loaded.
 */
interface ComputeLogs {

  List<String> lines();

  void detach();

  ComputeLogs NONE =
      new ComputeLogs() {
        @Override
        public List<String> lines() {
          return List.of();
        }

        @Override
        public void detach() {}
      };

  static ComputeLogs attach(String computeId) {
    try {
      Class.forName(
          "ch.qos.logback.classic.LoggerContext", false, ComputeLogs.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return NONE;
    }
    return LogCapture.attach(computeId);
  }
}
