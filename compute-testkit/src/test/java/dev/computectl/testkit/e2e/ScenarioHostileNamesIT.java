package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.Database;
import dev.computectl.spec.Role;
import dev.computectl.spec.api.CatalogObjects;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.spec.SpecBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names that break naive quoting (issue #7 item 4), end to end: in through {@code /configure}, back
 * out of {@code /dbs_and_roles} byte for byte, and usable for a login. (sql/HostileNamesIT covers
 * the planner alone; this adds the HTTP, JSON and JDBC legs.)
 */
class ScenarioHostileNamesIT {

  static final List<String> NAMES =
      List.of(
          "it's \"quoted\"",
          "\"",
          "'",
          "back\\slash",
          "\\'\\\"",
          "$$",
          "$tag$ body $tag$",
          "new\nline",
          "tab\there\r\n",
          "ünïcødé-名前",
          "emoji 🐘",
          "select",
          "user",
          "with space",
          "semi;colon",
          "x'; DROP ROLE cloud_admin; --",
          " lead and trail ",
          "   ",
          "%s %I %L",
          "Mixed.Case/slash?q=1#f");

  private static TestCompute compute;
  private static Set<String> baselineRoles;
  private static Set<String> baselineDatabases;

  @BeforeAll
  static void configureHostileNames() {
    compute = TestCompute.builder().start();
    ScenarioSupport.Baseline baseline = ScenarioSupport.configureEmptyAndReadBaseline(compute);
    baselineRoles = baseline.roles();
    baselineDatabases = baseline.databases();

    SpecBuilder spec = SpecBuilder.spec();
    NAMES.forEach(name -> spec.role(name, password(name)));
    NAMES.forEach(name -> spec.database(name, name));
    compute.configure(spec);
    assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
  }

  @AfterAll
  static void stop() {
    if (compute != null) {
      compute.close();
    }
  }

  @Test
  void namesRoundTripThroughDbsAndRoles() {
    CatalogObjects catalog = compute.client().dbsAndRoles();

    Set<String> roles =
        catalog.roles().stream()
            .map(Role::name)
            .filter(n -> !baselineRoles.contains(n))
            .collect(Collectors.toSet());
    Map<String, String> owners =
        catalog.databases().stream()
            .filter(d -> !baselineDatabases.contains(d.name()))
            .collect(Collectors.toMap(Database::name, Database::owner));
    assertThat(roles).containsExactlyInAnyOrderElementsOf(NAMES);
    assertThat(owners.keySet()).containsExactlyInAnyOrderElementsOf(NAMES);
    owners.forEach((db, owner) -> assertThat(owner).as("owner of %s", db).isEqualTo(db));
  }

  @Test
  void catalogHoldsTheNamesByteForByte() throws SQLException {
    try (Connection c = compute.connect("postgres");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT d.datname, r.rolname FROM pg_database d"
                    + " JOIN pg_roles r ON r.oid = d.datdba"
                    + " WHERE d.datname = r.rolname AND NOT d.datistemplate")) {
      Set<String> owned = new java.util.HashSet<>();
      while (rs.next()) {
        owned.add(rs.getString(1));
      }
      assertThat(owned).containsAll(NAMES);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"it's \"quoted\"", "ünïcødé-名前", " lead and trail ", "new\nline", "$$"})
  void roleLogsInToItsOwnDatabaseWithItsPassword(String name) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", name);
    props.setProperty("password", password(name));
    String db = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + compute.postgresPort() + "/" + db, props);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_user, current_database()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(name);
      assertThat(rs.getString(2)).isEqualTo(name);
    }
  }

  private static String password(String name) {
    return "pw-" + Integer.toHexString(name.hashCode());
  }
}
