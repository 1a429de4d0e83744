package dev.computectl.core.lifecycle;

import dev.computectl.spec.ComputeSpec;

/** Runs the one-shot database migrations after the first apply of a Primary. */
@FunctionalInterface
public interface MigrationTask {

  MigrationTask NONE = (spec, failures) -> {};

  /** Runs all pending migrations; each failure is reported, never thrown. */
  void run(ComputeSpec spec, FailureListener failures) throws Exception;

  /** Told about each migration that failed. */
  @FunctionalInterface
  interface FailureListener {
    void failed(String migrationId, Exception error);
  }
}
