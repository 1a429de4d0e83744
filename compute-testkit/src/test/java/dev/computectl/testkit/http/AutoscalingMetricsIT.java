package dev.computectl.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.spec.SpecBuilder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /autoscaling_metrics} of a running compute: Neon's Postgres-side families that vanilla
 * Postgres has, read fresh on every request, with values Postgres itself agrees with.
 */
class AutoscalingMetricsIT {

  private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(\\{[^}]*})? (\\S+)$");

  @Test
  void familiesFollowPostgres() throws Exception {
    SpecBuilder spec = SpecBuilder.spec().role("app", "app-pw").database("shop", "app");
    try (TestCompute compute = TestCompute.builder().spec(spec).start().awaitRunning()) {
      String before = compute.client().withToken(null).autoscalingMetrics();
      String idleShop = "connection_counts{datname=\"shop\",state=\"idle\"}";
      double idleBefore = value(before, idleShop, 0);

      List<Connection> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          held.add(compute.connect("shop", "app", "app-pw"));
        }
        String during = compute.client().withToken(null).autoscalingMetrics();

        assertThat(value(during, idleShop, 0)).isEqualTo(idleBefore + 3);
        // The request's own session is active while it counts.
        assertThat(value(during, "connection_counts{datname=\"postgres\",state=\"active\"}", 0))
            .isGreaterThanOrEqualTo(1);
        try (Statement st = held.get(0).createStatement();
            ResultSet rs = st.executeQuery("SELECT current_setting('max_connections')::int,"
                + " (SELECT sum(pg_database_size(oid)) FROM pg_database),"
                + " pg_database_size('shop')")) {
          rs.next();
          assertThat(value(during, "compute_max_connections", -1)).isEqualTo(rs.getInt(1));
          // Sizes move a little between the two reads (checkpoints, stats), never below one db.
          assertThat(value(during, "db_total_size", -1))
              .isGreaterThan(rs.getLong(3))
              .isBetween(rs.getLong(2) * 0.9, rs.getLong(2) * 1.1);
        }
        assertThat(during).contains("# TYPE connection_counts gauge")
            .contains("# TYPE compute_max_connections gauge")
            .contains("# TYPE db_total_size gauge")
            .doesNotContain("lfc_");
      } finally {
        for (Connection c : held) {
          c.close();
        }
      }
    }
  }

  /** The value of one series, or {@code missing} when the text has no such series. */
  private static double value(String text, String series, double missing) {
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches() && (m.group(1) + (m.group(2) == null ? "" : m.group(2))).equals(series)) {
        return Double.parseDouble(m.group(3));
      }
    }
    return missing;
  }
}
