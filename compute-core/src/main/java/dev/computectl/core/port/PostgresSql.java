package dev.computectl.core.port;

import java.sql.SQLException;
import java.util.List;

/** The few queries the lifecycle itself sends (the planner has its own sessions). */
public interface PostgresSql {

  /** {@code SHOW name}. */
  String show(String setting) throws SQLException;

  /**
   * Promotes a standby and waits (at most a minute) until it is done.
   *
   * @return false when Postgres says the promotion did not finish
   */
  boolean promote() throws SQLException;

  /**
   * Asks a standby to promote itself without waiting for it ({@code pg_promote(false)}): Postgres
   * first replays every WAL record its archive and {@code pg_wal} still hold, then ends recovery
   * with an end-of-recovery record instead of a synchronous checkpoint. The default waits (fine for
   * fakes).
   */
  default void requestPromotion() throws SQLException {
    promote();
  }

  /** Where WAL replay stands on a server in recovery (a Static compute). */
  ReplayState replayState() throws SQLException;

  /**
   * Reads the replay state again and again on one session, for a start that waits for replay to
   * reach a point: opening a session per look costs more than the look. The default opens one
   * per read (fine for fakes).
   */
  default ReplayWatch watchReplay() throws SQLException {
    return new ReplayWatch() {
      @Override
      public ReplayState read() throws SQLException {
        return replayState();
      }

      @Override
      public void requestPromotion() throws SQLException {
        PostgresSql.this.requestPromotion();
      }

      @Override
      public void close() {}
    };
  }

  /** Repeated {@link #replayState()} reads; close it to end its session. */
  interface ReplayWatch extends AutoCloseable {
    ReplayState read() throws SQLException;

    /** {@link PostgresSql#requestPromotion()} on the watch's session. */
    void requestPromotion() throws SQLException;

    @Override
    void close();
  }

  /**
   * @param inRecovery the server is still in recovery (read-only)
   * @param paused replay is paused (a Static compute reached its target)
   * @param replayed the last replayed LSN, null when the server never replayed any
   */
  record ReplayState(boolean inRecovery, boolean paused, dev.computectl.spec.Lsn replayed) {}

  /** Settings whose new value waits for a restart ({@code pg_settings.pending_restart}). */
  List<PendingRestart> pendingRestart() throws SQLException;

  /**
   * A setting changed in the files that the running server cannot take without a restart.
   *
   * @param runningValue what the server uses now
   * @param fileValue what the configuration files now ask for (null when unknown)
   */
  record PendingRestart(String name, String runningValue, String fileValue) {}

  /**
   * The lines of the configuration files Postgres cannot take ({@code SELECT name, setting, error
   * FROM pg_file_settings WHERE error IS NOT NULL}); read from the files as they are now. A
   * default for fakes: none.
   */
  default List<FileSettingError> fileSettingErrors() throws SQLException {
    return List.of();
  }

  /** One rejected line: its name (null for a syntax error), value and Postgres's error text. */
  record FileSettingError(String name, String setting, String error) {}
}
