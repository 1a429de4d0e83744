package dev.computectl.core.internal.monitor;

import dev.computectl.core.port.StorageEvents;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Watches {@code pg_stat_archiver} on a compute that archives its WAL: a segment whose archiving
 * failed more recently than the last success makes WAL archiving "failing" (shown in {@code
 * /status}, counted once per episode in {@code compute_ctl_storage_failures_total}) until a later
 * segment is archived.
 */
final class ArchiverProbe {

  static final String OPERATION = "WAL archiving";
  private static final String QUERY = "SELECT current_setting('archive_mode') <> 'off',"
      + " last_failed_wal, coalesce(last_failed_time > coalesce(last_archived_time,"
      + " '-infinity'), false) FROM pg_stat_archiver";

  private final StorageEvents events;
  private boolean failing;

  ArchiverProbe(StorageEvents events) {
    this.events = events;
  }

  void check(Connection session) throws SQLException {
    try (Statement st = session.createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
      rs.next();
      boolean archiving = rs.getBoolean(1);
      boolean failedLast = archiving && rs.getBoolean(3);
      if (failedLast && !failing) {
        events.failed(OPERATION, "Postgres could not archive WAL segment " + rs.getString(2)
            + " (see the Postgres log; archive_command runs pgbackrest archive-push)");
      } else if (!failedLast && failing) {
        events.succeeded(OPERATION);
      }
      failing = failedLast;
    }
  }
}
