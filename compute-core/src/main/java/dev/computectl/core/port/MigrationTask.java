package dev.computectl.core.port;

import dev.computectl.spec.ComputeSpec;
import java.sql.SQLException;

/** Runs the one-shot database migrations after the first apply of a Primary. */
@FunctionalInterface
public interface MigrationTask {

  MigrationTask NONE = (spec, failures) -> {};

  /**
   * Runs all pending migrations; a migration that fails is reported to {@code failures}, never
   * thrown.
   *
   * @throws SQLException when no session can be opened at all
   */
  void run(ComputeSpec spec, FailureListener failures) throws SQLException;

  /** Told about each migration that failed. */
  @FunctionalInterface
  interface FailureListener {
    void failed(String migrationId, Exception error);
  }
}
