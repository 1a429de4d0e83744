package dev.computectl.core.port;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.SpecProblem;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Everything the lifecycle does to the files and the process of one Postgres. The real one is
 * built from a {@link ComputeStorage}, a {@link ProcessControl} and the binaries; a test, or an
 * embedder that wants computes without a Postgres, can hand in a fake instead (see {@code
 * TestSeams}). It speaks the port types ({@link PgdataResult}, {@link PostgresProcess}) directly.
 */
public interface PostgresPlatform {

  /** Fills PGDATA for {@code spec} through the platform's {@link ComputeStorage}. */
  PgdataResult preparePgdata(ComputeSpec spec) throws IOException;

  /**
   * Writes postgresql.conf and pg_hba.conf for the spec (and standby.signal for Replica/Static).
   * The result's hash is the value of the {@code compute_ctl.config_hash} placeholder setting in
   * the file, so a reload can be verified with SHOW.
   */
  WrittenConfig writeConfig(ComputeSpec spec) throws IOException;

  /** Replaces the temporary override file's content (empty to clear it). */
  void writeOverride(String content) throws IOException;

  /**
   * Starts Postgres and waits until it is ready. On failure the child has been stopped and reaped:
   * a failed start never leaves an orphaned postmaster.
   */
  PostgresProcess start(Duration readinessTimeout) throws IOException;

  /** The checkpoint LSN pg_controldata reports for the stopped cluster. */
  Lsn shutdownCheckpointLsn() throws IOException;

  /** What the platform's storage needs of a spec ({@link ComputeStorage#check}). */
  default List<SpecProblem> check(ComputeSpec spec) {
    return List.of();
  }

  /** What the platform's storage cannot switch while running ({@link ComputeStorage#checkChange}). */
  default List<SpecProblem> checkChange(ComputeSpec running, ComputeSpec next) {
    return List.of();
  }

  /** Postgres is ready; the storage may start background work ({@link ComputeStorage#started}). */
  default void started(ComputeSpec spec, StorageEvents events) {}

  /** A fast terminate of a Primary is about to stop Postgres ({@link ComputeStorage#beforeStop}). */
  default void beforeStop(Duration bound) throws InterruptedException {}

  /**
   * The Primary stopped cleanly at {@code checkpoint}; the storage makes it durable ({@link
   * ComputeStorage#afterStop}).
   */
  default void afterStop(ComputeSpec spec, Lsn checkpoint) throws IOException {}

  /** The compute terminated; the storage ends its background work ({@link ComputeStorage#stopped}). */
  default void stopped() {}

  /**
   * What a config write did.
   *
   * @param warnings what was left out and why (e.g. preload libraries that are not installed)
   */
  record WrittenConfig(String configHash, List<String> warnings) {
    public WrittenConfig {
      warnings = List.copyOf(warnings);
    }
  }
}
