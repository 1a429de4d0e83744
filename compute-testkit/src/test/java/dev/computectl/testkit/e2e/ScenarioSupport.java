package dev.computectl.testkit.e2e;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.Database;
import dev.computectl.spec.Role;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.api.CatalogObjects;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.client.RawResponse;
import dev.computectl.testkit.spec.SpecBuilder;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Small read-only probes the Scenario*IT classes share: SQL values, log transitions, metrics. */
final class ScenarioSupport {

  /**
   * ComputeState logs every status change as {@code compute <id> status <from> -> <to>}, with the
   * kebab-case labels of the metrics.
   */
  private static final Pattern TRANSITION =
      Pattern.compile("compute \\S+ status ([a-z_-]+) -> ([a-z_-]+)$");

  private ScenarioSupport() {}

  /**
   * {@code POST /configure} without any status check, with the compute_ctl_config that {@code
   * compute.configure} sends (the compute's own keys).
   */
  /** The roles and databases a spec without any leaves in the catalog (system roles, templates). */
  record Baseline(Set<String> roles, Set<String> databases) {}

  /** Configures an {@code empty} compute with an empty spec and reads what the catalog holds. */
  static Baseline configureEmptyAndReadBaseline(TestCompute compute) {
    compute.awaitStatus(ComputeStatus.EMPTY, Duration.ofSeconds(30));
    compute.configure(SpecBuilder.spec());
    CatalogObjects before = compute.client().dbsAndRoles();
    return new Baseline(
        before.roles().stream().map(Role::name).collect(Collectors.toSet()),
        before.databases().stream().map(Database::name).collect(Collectors.toSet()));
  }

  static RawResponse configureRaw(TestCompute compute, SpecBuilder spec) {
    ConfigurationRequest request =
        new ConfigurationRequest(spec.build(), compute.client().computeCtlConfig());
    return compute.client().external("POST", "/configure", SpecJson.write(request));
  }

  /** SIGKILL to a process (the postmaster), waiting until it is gone. */
  static void kill9(long pid) throws IOException, InterruptedException {
    int rc = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
    if (rc != 0) {
      throw new AssertionError("kill -9 " + pid + " exited with " + rc);
    }
  }

  /** {@code SHOW <guc>} as the admin role, in database postgres. */
  static String show(TestCompute compute, String guc) throws SQLException {
    return scalar(compute, "postgres", "SHOW " + guc);
  }

  static String scalar(TestCompute compute, String database, String sql) throws SQLException {
    try (Connection c = compute.connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  static boolean roleExists(TestCompute compute, String role) throws SQLException {
    return scalar(
            compute,
            "postgres",
            "SELECT count(*) FROM pg_roles WHERE rolname = '" + role.replace("'", "''") + "'")
        .equals("1");
  }

  static boolean databaseExists(TestCompute compute, String database) throws SQLException {
    return scalar(
            compute,
            "postgres",
            "SELECT count(*) FROM pg_database WHERE datname = '"
                + database.replace("'", "''")
                + "'")
        .equals("1");
  }

  /** The captured log lines from index {@code mark} on (take the mark with logLines().size()). */
  static List<String> linesSince(TestCompute compute, int mark) {
    List<String> lines = compute.logLines();
    return lines.subList(Math.min(mark, lines.size()), lines.size());
  }

  /** The status changes logged since {@code mark}, as {@code "from -> to"} in wire names. */
  static List<String> transitionsSince(TestCompute compute, int mark) {
    List<String> out = new ArrayList<>();
    for (String line : linesSince(compute, mark)) {
      Matcher m = TRANSITION.matcher(line);
      if (m.find()) {
        out.add(m.group(1).replace('-', '_') + " -> " + m.group(2).replace('-', '_'));
      }
    }
    return out;
  }

  /** The value of an unlabelled sample in the Prometheus text of {@code /metrics}. */
  static double metric(TestCompute compute, String name) {
    for (String line : compute.client().metrics().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).strip());
      }
    }
    throw new AssertionError("metric " + name + " not in /metrics");
  }

  /**
   * Runs {@code query} in database {@code app} as the admin role; the first column of the first
   * row, or null for a statement without rows.
   */
  static String sql(TestCompute compute, String query) throws SQLException {
    try (Connection c = compute.connect("app");
        Statement st = c.createStatement()) {
      if (!st.execute(query)) {
        return null;
      }
      try (ResultSet rs = st.getResultSet()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
