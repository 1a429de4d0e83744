package dev.computectl.core.internal.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Neon's activity rules, in order; the first that fires gives the activity time. */
final class ActivityProbe {

  private final String adminRole;
  private Long lastDbActivity;

  /** @param adminRole compute_ctl's own role: its sessions are not user activity */
  ActivityProbe(String adminRole) {
    this.adminRole = adminRole;
  }

  Optional<Instant> lastActivity(Connection c, Instant now, boolean experimental)
      throws SQLException {
    if (experimental) {
      long sum = single(c,
          "SELECT (coalesce(sum(active_time), 0) + coalesce(sum(sessions), 0))::bigint"
              + " FROM pg_stat_database"
              + " WHERE datname NOT IN ('postgres', 'template0', 'template1')");
      boolean changed = lastDbActivity != null && lastDbActivity != sum;
      lastDbActivity = sum;
      if (changed) {
        return Optional.of(now);
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FILTER (WHERE state IS DISTINCT FROM 'idle'),"
            + " max(state_change) FILTER (WHERE state = 'idle')"
            + " FROM pg_stat_activity"
            + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
            + " AND usename IS DISTINCT FROM ?")) {
      ps.setString(1, adminRole);
      ResultSet rs = ps.executeQuery();
      rs.next();
      if (rs.getLong(1) > 0) {
        return Optional.of(now);
      }
      Timestamp idleSince = rs.getTimestamp(2);
      if (idleSince != null) {
        return Optional.of(idleSince.toInstant());
      }
    }
    if (single(c, "SELECT count(*) FROM pg_stat_replication"
        + " WHERE application_name IS DISTINCT FROM 'walproposer'") > 0) {
      return Optional.of(now);
    }
    if (single(c, "SELECT count(*) FROM pg_stat_subscription WHERE pid IS NOT NULL") > 0) {
      return Optional.of(now);
    }
    if (single(c, "SELECT count(*) FROM pg_stat_activity"
        + " WHERE backend_type = 'autovacuum worker'") > 0) {
      return Optional.of(now);
    }
    return Optional.empty();
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
