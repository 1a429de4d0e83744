package dev.computectl.testkit.e2e;

import static dev.computectl.testkit.e2e.ScenarioSupport.sql;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.spec.SpecBuilder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** What the storage scenarios share: timelines of their own, their specs, rows, crashes. */
final class StorageSupport {

  static final Duration RUNNING = Duration.ofSeconds(120);

  private StorageSupport() {}

  static String newTimeline() {
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  static SpecBuilder spec(String timeline) {
    return SpecBuilder.spec().role("app").database("app", "app").tenantId(newTimeline())
        .timelineId(timeline);
  }

  /** A crash of Postgres alone (kill -9 of the postmaster): the compute goes to failed. */
  static void killPostmaster(TestCompute compute) throws Exception {
    long pid = compute.postmasterPid().orElseThrow();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    compute.awaitStatus(ComputeStatus.FAILED, Duration.ofSeconds(30));
  }

  static long count(TestCompute compute) throws Exception {
    try (Connection c = compute.connect("app");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void insert(TestCompute compute, int from, int to) throws Exception {
    sql(compute, "CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY)");
    sql(compute, "INSERT INTO items SELECT generate_series(" + from + ", " + to + ")");
  }
}
