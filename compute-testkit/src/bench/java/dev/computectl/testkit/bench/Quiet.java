package dev.computectl.testkit.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the benchmark's own output readable: warnings and errors only, unless asked otherwise. */
final class Quiet {

  private Quiet() {}

  static void logs() {
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.toLevel(System.getProperty("bench.logLevel", "WARN")));
    }
  }
}
