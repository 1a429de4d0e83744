package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.Database;
import dev.computectl.spec.Role;
import dev.computectl.spec.api.CatalogObjects;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.spec.Passwords;
import dev.computectl.testkit.spec.SpecBuilder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A spec at the scale of a busy project (issue #7 item 3): 1000 md5 roles and 100 databases go in
 * through {@code /configure}, the catalog then holds exactly the spec, and applying the same spec
 * again writes nothing.
 */
class ScenarioLargeSpecIT {

  private static final int ROLES = 1000;
  private static final int DATABASES = 100;
  private static final Pattern APPLIED =
      Pattern.compile("applied spec: (\\d+) statements \\((\\d+) writes\\)");

  private static TestCompute compute;
  private static ComputeSpec spec;
  private static Map<String, String> md5ByRole;
  private static Map<String, String> ownerByDatabase;
  private static Set<String> baselineRoles;
  private static Set<String> baselineDatabases;
  private static Duration firstApply;
  private static int firstApplyWrites;

  @BeforeAll
  static void configureTheLargeSpec() {
    compute = TestCompute.builder().start();
    ScenarioSupport.Baseline baseline = ScenarioSupport.configureEmptyAndReadBaseline(compute);
    baselineRoles = baseline.roles();
    baselineDatabases = baseline.databases();

    SpecBuilder builder = SpecBuilder.spec();
    md5ByRole = new HashMap<>();
    for (int i = 0; i < ROLES; i++) {
      String role = "user_%04d".formatted(i);
      builder.role(role, "pw-" + i);
      md5ByRole.put(role, Passwords.md5("pw-" + i, role));
    }
    ownerByDatabase = new HashMap<>();
    for (int i = 0; i < DATABASES; i++) {
      String database = "db_%03d".formatted(i);
      String owner = "user_%04d".formatted(i * 7);
      builder.database(database, owner);
      ownerByDatabase.put(database, owner);
    }
    spec = builder.build();

    long started = System.nanoTime();
    compute.configure(spec);
    firstApply = Duration.ofNanos(System.nanoTime() - started);
    assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
    firstApplyWrites = Integer.parseInt(lastApplyReport().group(2));
  }

  /** The counts of the newest "applied spec" line the compute logged. */
  private static Matcher lastApplyReport() {
    List<String> lines =
        compute.logLines().stream().filter(line -> APPLIED.matcher(line).find()).toList();
    assertThat(lines).as("apply report lines in the compute's log").isNotEmpty();
    Matcher m = APPLIED.matcher(lines.get(lines.size() - 1));
    assertThat(m.find()).isTrue();
    return m;
  }

  @AfterAll
  static void stop() {
    if (compute != null) {
      compute.close();
    }
  }

  @Test
  void dbsAndRolesHoldsExactlyTheSpec() {
    CatalogObjects catalog = compute.client().dbsAndRoles();

    Map<String, String> stored =
        catalog.roles().stream()
            .filter(r -> !baselineRoles.contains(r.name()))
            .collect(Collectors.toMap(Role::name, r -> String.valueOf(r.encryptedPassword())));
    assertThat(stored).hasSize(ROLES);
    md5ByRole.forEach(
        (role, hash) -> assertThat(stored).as("role %s", role).containsEntry(role, "md5" + hash));

    Map<String, String> owners =
        catalog.databases().stream()
            .filter(d -> !baselineDatabases.contains(d.name()))
            .collect(Collectors.toMap(Database::name, Database::owner));
    assertThat(owners).isEqualTo(ownerByDatabase);
    assertThat(catalog.databases()).noneMatch(d -> d.invalid() || d.restrictConn());
  }

  @Test
  void catalogOverJdbcAgreesWithTheSpec() throws Exception {
    Map<String, String> passwords = new HashMap<>();
    Map<String, String> owners = new HashMap<>();
    try (Connection c = compute.connect("postgres");
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("SELECT rolname, rolpassword, rolcanlogin FROM pg_authid")) {
        while (rs.next()) {
          if (!baselineRoles.contains(rs.getString(1))) {
            assertThat(rs.getBoolean(3)).as("%s can log in", rs.getString(1)).isTrue();
            passwords.put(rs.getString(1), rs.getString(2));
          }
        }
      }
      try (ResultSet rs =
          st.executeQuery("SELECT datname, pg_get_userbyid(datdba) FROM pg_database")) {
        while (rs.next()) {
          if (!baselineDatabases.contains(rs.getString(1))) {
            owners.put(rs.getString(1), rs.getString(2));
          }
        }
      }
    }
    Map<String, String> expected =
        md5ByRole.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> "md5" + e.getValue()));
    assertThat(passwords).isEqualTo(expected);
    assertThat(owners).isEqualTo(ownerByDatabase);
    try (Connection c = compute.connect("db_099", "user_0693", "pw-693")) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  @Test
  void reapplyingTheSameSpecWritesNothing() {
    // The first apply's line counts its writes, so a missing re-apply line cannot pass as zero.
    assertThat(firstApplyWrites).isGreaterThanOrEqualTo(ROLES + DATABASES);
    long started = System.nanoTime();

    compute.configure(spec);

    Duration reapply = Duration.ofNanos(System.nanoTime() - started);
    assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
    Matcher report = lastApplyReport();
    assertThat(Integer.parseInt(report.group(2))).as("writes of the re-apply").isZero();
    System.out.printf(
        "ScenarioLargeSpecIT: first apply %d ms (%d writes), no-op re-apply %d ms (%s"
            + " statements)%n",
        firstApply.toMillis(), firstApplyWrites, reapply.toMillis(), report.group(1));
  }
}
