package dev.computectl.core;

import java.time.Duration;
import java.util.Map;

/**
 * Named test hooks in the compute's code paths. A production compute uses {@link #DISABLED}, which
 * never fires and refuses to be armed.
 */
public interface Failpoints {

  /** Points the core checks. */
  String BEFORE_APPLY = "before-apply";
  String DURING_PHASE = "during-phase";
  String BEFORE_RELOAD = "before-reload";
  String SPEC_FETCH = "spec-fetch";
  String MIGRATION = "compute-migration";

  Failpoints DISABLED =
      new Failpoints() {
        @Override
        public boolean enabled() {
          return false;
        }

        @Override
        public void arm(String name, Action action) {
          throw new IllegalStateException("failpoints are not enabled in this build");
        }

        @Override
        public void disarm(String name) {}

        @Override
        public void hit(String name) {}

        @Override
        public Map<String, Action> armed() {
          return Map.of();
        }
      };

  boolean enabled();

  void arm(String name, Action action);

  void disarm(String name);

  /** Called at a named point: throws when armed to fail, sleeps when armed to delay. */
  void hit(String name) throws Fired, InterruptedException;

  /**
   * Like {@link #hit(String)}, for points that carry an argument (a phase or migration id): a
   * {@link Action.FailOn} fires only when the argument matches.
   */
  default void hit(String name, String argument) throws Fired, InterruptedException {
    hit(name);
  }

  Map<String, Action> armed();

  /** The error an armed point throws; its message names the point. */
  final class Fired extends Exception {
    public Fired(String name, String message) {
      super("failpoint " + name + ": " + message);
    }
  }

  /** What an armed point does. */
  sealed interface Action {
    record Fail(String message) implements Action {}

    record Delay(Duration duration) implements Action {}

    /** Fail only when the point's argument (e.g. a phase or migration id) equals this value. */
    record FailOn(String argument, String message) implements Action {}
  }
}
