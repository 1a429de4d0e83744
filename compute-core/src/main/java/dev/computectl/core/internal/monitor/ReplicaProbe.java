package dev.computectl.core.internal.monitor;

import dev.computectl.core.metrics.NodeMetrics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The replication metrics of a standby: how far replay lags behind what was received (bytes), how
 * old the last replayed transaction is (seconds; it also grows while the primary is idle, as
 * Postgres's own measure does), and whether the WAL receiver is streaming.
 */
final class ReplicaProbe {

  private static final String QUERY = "SELECT pg_is_in_recovery(),"
      + " coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0),"
      + " coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0),"
      + " coalesce((SELECT status = 'streaming' FROM pg_stat_wal_receiver LIMIT 1), false)";

  private final NodeMetrics metrics;

  ReplicaProbe(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  void check(Connection session) throws SQLException {
    try (Statement st = session.createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
      rs.next();
      if (rs.getBoolean(1)) {
        metrics.replication(Math.max(0, rs.getLong(2)), Math.max(0, rs.getDouble(3)),
            rs.getBoolean(4));
      }
    }
  }
}
