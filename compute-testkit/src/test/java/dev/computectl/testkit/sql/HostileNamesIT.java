package dev.computectl.testkit.sql;

import static dev.computectl.testkit.sql.SqlItSupport.factory;
import static dev.computectl.testkit.sql.SqlItSupport.json;
import static dev.computectl.testkit.sql.SqlItSupport.options;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.sql.ApplyReport;
import dev.computectl.sql.PipelinedSpecApplier;
import dev.computectl.sql.catalog.CatalogDatabase;
import dev.computectl.sql.catalog.CatalogReader;
import dev.computectl.sql.catalog.CatalogRole;
import dev.computectl.testkit.postgres.TestPostgres;
import dev.computectl.testkit.postgres.TestPostgresExtension;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Names that break naive SQL: created, read back byte for byte, re-applied, then deleted. */
@ExtendWith(TestPostgresExtension.class)
class HostileNamesIT {

  static final List<String> NAMES =
      List.of(
          "MixedCase", "with space", "sales \"eu\"", "\"", "it's", "back\\slash", "\\'",
          "semi;colon", "\"name\";\\n select 1;", "$$", "$x$", "$xx$ and $x$", "cost$", "%I %L %s",
          "new\nline", "tab\t", "ünïcødé-名前", "emoji 🐘", "select", "user", "-- comment",
          "a".repeat(63), "drop role x; --", "web/db?x=1#frag %20");

  @Test
  void hostileRolesAndDatabasesRoundTrip(TestPostgres pg) throws Exception {
    PipelinedSpecApplier applier = new PipelinedSpecApplier(factory(pg), "sql-it");
    String roles = NAMES.stream()
        .map(n -> "{\"name\": " + json(n) + ", \"encrypted_password\": \"" + SqlItSupport.MD5 + "\"}")
        .collect(Collectors.joining(","));
    String databases = NAMES.stream()
        .map(n -> "{\"name\": " + json(n) + ", \"owner\": " + json(n) + "}")
        .collect(Collectors.joining(","));
    var spec = SqlItSupport.spec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": -1,"
        + " \"cluster\": {\"roles\": [" + roles + "], \"databases\": [" + databases + "]}}");

    ApplyReport first = applier.apply(spec, options(4));
    assertThat(first.failures()).isEmpty();

    CatalogReader reader = new CatalogReader("neon_superuser");
    try (Connection c = factory(pg).open(null)) {
      Map<String, CatalogRole> catalogRoles = reader.roles(c);
      Map<String, CatalogDatabase> catalogDatabases = reader.databases(c);
      for (String name : NAMES) {
        assertThat(catalogRoles).as("role %s", name).containsKey(name);
        assertThat(catalogRoles.get(name).storedPassword()).isEqualTo("md5" + SqlItSupport.MD5);
        assertThat(catalogDatabases).as("database %s", name).containsKey(name);
        assertThat(catalogDatabases.get(name).owner()).isEqualTo(name);
      }
    }
    // Each database got its per-database work, so each hostile name was connected to.
    for (String name : NAMES) {
      assertThat(SqlItSupport.column(pg, "postgres", "SELECT 1").size()).isEqualTo(1);
      try (Connection c = factory(pg).open(name)) {
        assertThat(c.getCatalog()).isEqualTo(name);
      }
    }

    ApplyReport second = applier.apply(spec, options(4));
    assertThat(second.writes()).isZero();

    String deletes = NAMES.stream()
        .flatMap(n -> java.util.stream.Stream.of(
            "{\"action\": \"delete_db\", \"name\": " + json(n) + "}",
            "{\"action\": \"delete_role\", \"name\": " + json(n) + "}"))
        .collect(Collectors.joining(","));
    ApplyReport third = applier.apply(SqlItSupport.spec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": -1,"
        + " \"cluster\": {\"roles\": [], \"databases\": []}, \"delta_operations\": [" + deletes + "]}"), options(4));
    assertThat(third.failures()).isEmpty();
    try (Connection c = factory(pg).open(null)) {
      assertThat(reader.roles(c).keySet()).doesNotContainAnyElementsOf(NAMES);
      assertThat(reader.databases(c).keySet()).doesNotContainAnyElementsOf(NAMES);
    }
  }
}
