package dev.computectl.core.internal.ops;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * {@code /autoscaling_metrics}: the families of Neon's compute SQL exporter that vanilla Postgres
 * can answer, with Neon's names, labels and queries, read fresh for each request (a snapshot, no
 * registry). The file-cache families Neon's autoscaler reads need Neon's extension and are left
 * out.
 */
final class AutoscalingMetrics {

  static final String CONNECTIONS = "connection_counts";
  static final String MAX_CONNECTIONS = "compute_max_connections";
  static final String TOTAL_SIZE = "db_total_size";

  private AutoscalingMetrics() {}

  static MetricSnapshots read(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      return MetricSnapshots.of(connections(st), maxConnections(st), totalSize(st));
    }
  }

  /** Client backends by database and state; backends without a state (workers) are not counted. */
  private static GaugeSnapshot connections(Statement st) throws SQLException {
    GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(CONNECTIONS).help("Connection counts");
    try (ResultSet rs = st.executeQuery(
        "SELECT datname, state, pg_catalog.count(*) FROM pg_catalog.pg_stat_activity"
            + " WHERE state OPERATOR(pg_catalog.<>) '' GROUP BY datname, state"
            + " ORDER BY datname, state")) {
      while (rs.next()) {
        family.dataPoint(GaugeDataPointSnapshot.builder()
            .labels(Labels.of("datname", Objects.requireNonNullElse(rs.getString(1), ""),
                "state", rs.getString(2)))
            .value(rs.getLong(3))
            .build());
      }
    }
    return family.build();
  }

  private static GaugeSnapshot maxConnections(Statement st) throws SQLException {
    return single(st, MAX_CONNECTIONS, "Max connections allowed for Postgres",
        "SELECT pg_catalog.current_setting('max_connections')::pg_catalog.int8");
  }

  /** Databases marked invalid by an interrupted DROP DATABASE are left out, as Neon does. */
  private static GaugeSnapshot totalSize(Statement st) throws SQLException {
    return single(st, TOTAL_SIZE, "Size of all databases",
        "SELECT pg_catalog.sum(pg_catalog.pg_database_size(oid)) FROM pg_catalog.pg_database"
            + " WHERE datconnlimit OPERATOR(pg_catalog.<>) -2");
  }

  private static GaugeSnapshot single(Statement st, String name, String help, String sql)
      throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return GaugeSnapshot.builder().name(name).help(help)
          .dataPoint(GaugeDataPointSnapshot.builder().value(rs.getDouble(1)).build())
          .build();
    }
  }
}
