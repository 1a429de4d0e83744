package dev.computectl.core.lifecycle;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Lsn;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Everything the lifecycle does to the files and the process of Postgres. The default ({@link
 * PgPlatform}) uses the classes of {@code dev.computectl.core.postgres}; unit tests plug in a fake,
 * so the state machine, startup and configurator run without a Postgres.
 */
public interface PostgresPlatform {

  /** Removes PGDATA and fills it again (0700). */
  PgdataPrepared preparePgdata() throws IOException;

  /**
   * Writes postgresql.conf and pg_hba.conf for the spec (and standby.signal for Replica/Static).
   * The result's hash is the value of the {@code compute_ctl.config_hash} placeholder setting in
   * the file, so a reload can be verified with SHOW.
   */
  WrittenConfig writeConfig(ComputeSpec spec) throws IOException;

  /** Replaces the temporary override file's content (empty to clear it). */
  void writeOverride(String content) throws IOException;

  /**
   * Starts Postgres and waits until it is ready. On failure the child has been stopped and reaped
   * (never orphaned, D7).
   */
  PostgresProcess start(Duration readinessTimeout) throws IOException;

  /** The checkpoint LSN pg_controldata reports for the stopped cluster. */
  Lsn shutdownCheckpointLsn() throws IOException;

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

  /** What preparing PGDATA did. */
  record PgdataPrepared(Duration elapsed, long bytes, String description) {}
}
