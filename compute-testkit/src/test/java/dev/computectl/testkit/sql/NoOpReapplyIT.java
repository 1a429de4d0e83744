package dev.computectl.testkit.sql;

import static dev.computectl.testkit.sql.SqlItSupport.column;
import static dev.computectl.testkit.sql.SqlItSupport.factory;
import static dev.computectl.testkit.sql.SqlItSupport.options;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.ApplyReport;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.PipelinedSpecApplier;
import dev.computectl.testkit.postgres.TestPostgres;
import dev.computectl.testkit.postgres.TestPostgresExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How many sessions an apply opens, and that skipping a facts read never skips a repair. */
@ExtendWith(TestPostgresExtension.class)
class NoOpReapplyIT {

  private static final int DATABASES = 50;
  static final String MAIN = "(main)";

  @Test
  void aNewApplierOnAnAppliedCatalogTrustsWhatTheClusterStoredAndWritesNothing(TestPostgres pg) throws Exception {
    ComputeSpec spec = spec("noop_", DATABASES);
    new PipelinedSpecApplier(factory(pg), "sql-it").apply(spec, options(4));
    List<String> claims = storedClaims(pg);
    assertThat(claims).hasSize(DATABASES);
    CountingFactory counting = new CountingFactory(factory(pg));

    ApplyReport again = new PipelinedSpecApplier(counting, "sql-it").apply(spec, options(4));

    assertThat(again.statementsSent()).isZero();
    assertThat(again.writes()).isZero();
    assertThat(counting.opens()).containsExactly(Map.entry(MAIN, 1));
    assertThat(storedClaims(pg)).as("rows and their xmin: no bookkeeping write either").isEqualTo(claims);
  }

  @Test
  void withoutStoredClaimsANewApplierReadsEachDatabaseOnce(TestPostgres pg) throws Exception {
    ComputeSpec spec = spec("unclaimed_", 10);
    new PipelinedSpecApplier(factory(pg), "sql-it").apply(spec, options(4));
    // What an operator does to make the next start verify every database.
    try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA compute_ctl CASCADE");
    }
    CountingFactory counting = new CountingFactory(factory(pg));

    ApplyReport again = new PipelinedSpecApplier(counting, "sql-it").apply(spec, options(4));

    assertThat(again.writes()).isZero();
    assertThat(counting.opens()).hasSize(11).allSatisfy((db, n) -> assertThat(n).as(db).isEqualTo(1));
    assertThat(storedClaims(pg)).hasSize(10);
  }

  /** Each stored claim with the transaction that wrote it, so a rewrite shows. */
  static List<String> storedClaims(TestPostgres pg) throws SQLException {
    return column(pg, "postgres",
        "SELECT datname || ' ' || xmin::text FROM compute_ctl.settled_databases ORDER BY datname");
  }

  @Test
  void databasesWithoutGrantsAreConfiguredOnTheirOnlySession(TestPostgres pg) throws Exception {
    try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
      for (int i = 0; i < 10; i++) {
        st.execute("CREATE DATABASE bare_" + i);
      }
    }
    CountingFactory counting = new CountingFactory(factory(pg));

    ApplyReport first = new PipelinedSpecApplier(counting, "sql-it").apply(spec("bare_", 10), options(4));

    assertThat(first.failures()).isEmpty();
    assertThat(counting.opens()).hasSize(11).allSatisfy((db, n) -> assertThat(n).as(db).isEqualTo(1));
    for (int i = 0; i < 10; i++) {
      assertThat(defaultAcls(pg, "bare_" + i)).as("bare_%d", i).containsExactly("r", "S");
    }
    assertThat(new PipelinedSpecApplier(factory(pg), "sql-it").apply(spec("bare_", 10), options(4)).writes()).isZero();
  }

  @Test
  void deletingARoleTouchesEachDatabaseOnOneSession(TestPostgres pg) throws Exception {
    ComputeSpec spec = spec("del_", 10);
    new PipelinedSpecApplier(factory(pg), "sql-it").apply(spec, options(4));
    try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE leaving");
    }
    ComputeSpec delete = spec("del_", 10, "\"delta_operations\":[{\"action\":\"delete_role\",\"name\":\"leaving\"}],");
    CountingFactory counting = new CountingFactory(factory(pg));

    ApplyReport report = new PipelinedSpecApplier(counting, "sql-it").apply(delete, options(4));

    assertThat(report.failures()).isEmpty();
    assertThat(column(pg, "postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'leaving'")).containsExactly("0");
    assertThat(counting.opens()).hasSize(11).allSatisfy((db, n) -> assertThat(n).as(db).isEqualTo(1));
  }

  @Test
  void deletingWebAccessDropsItDespiteItsSchemaGrants(TestPostgres pg) throws Exception {
    try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE web_access");
    }
    ComputeSpec spec = spec("web_del_", 3);
    new PipelinedSpecApplier(factory(pg), "sql-it").apply(spec, options(2));
    assertThat(column(pg, "web_del_1", "SELECT has_schema_privilege('web_access', 'public', 'CREATE')"))
        .containsExactly("t");
    // The same apply also creates a database, whose template facts lack the web_access grant.
    ComputeSpec delete = spec("web_del_", 4, "\"delta_operations\":[{\"action\":\"delete_role\",\"name\":\"web_access\"}],");

    ApplyReport report = new PipelinedSpecApplier(factory(pg), "sql-it").apply(delete, options(2));

    assertThat(report.failures()).isEmpty();
    assertThat(column(pg, "postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'web_access'")).containsExactly("0");
  }

  @Test
  void revokedGrantsAreRepairedWhetherOrNotTheSharedCatalogsShowThem(TestPostgres pg) throws Exception {
    ComputeSpec spec = spec("drift_", 5);
    PipelinedSpecApplier applier = new PipelinedSpecApplier(factory(pg), "sql-it");
    applier.apply(spec, options(2));
    // drift_1 loses every default grant (its pg_shdepend row goes too); drift_2 only the table one.
    revoke(pg, "drift_1", "TABLES", "SEQUENCES");
    revoke(pg, "drift_2", "TABLES");
    assertThat(defaultAcls(pg, "drift_1")).isEmpty();
    assertThat(defaultAcls(pg, "drift_2")).containsExactly("S");

    ApplyReport repair = applier.apply(spec, options(2));

    assertThat(repair.failures()).isEmpty();
    // drift_1 planned blind (owner and grants blocks), drift_2 read: its two default grants.
    assertThat(repair.writes()).isEqualTo(4);
    assertThat(defaultAcls(pg, "drift_1")).containsExactly("r", "S");
    assertThat(defaultAcls(pg, "drift_2")).containsExactly("r", "S");
    assertThat(applier.apply(spec, options(2)).writes()).isZero();
  }

  static void revoke(TestPostgres pg, String db, String... kinds) throws SQLException {
    try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
      for (String kind : kinds) {
        st.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON " + kind + " FROM neon_superuser");
      }
    }
  }

  static java.util.List<String> defaultAcls(TestPostgres pg, String db) throws SQLException {
    return column(pg, db, "SELECT defaclobjtype::text FROM pg_default_acl"
        + " WHERE defaclnamespace = 'public'::regnamespace ORDER BY defaclobjtype DESC");
  }

  static ComputeSpec spec(String prefix, int databases) throws Exception {
    return spec(prefix, databases, "");
  }

  private static ComputeSpec spec(String prefix, int databases, String extra) throws Exception {
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < databases; i++) {
      d.append(i == 0 ? "" : ",").append("{\"name\":\"").append(prefix).append(i).append("\",\"owner\":\"owner_")
          .append(i % 5).append("\"}");
    }
    StringBuilder r = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      r.append(i == 0 ? "" : ",").append("{\"name\":\"owner_").append(i)
          .append("\",\"encrypted_password\":\"").append(SqlItSupport.MD5).append("\"}");
    }
    return SqlItSupport.spec("{\"format_version\":1.0,\"suspend_timeout_seconds\":-1," + extra + "\"cluster\":{\"roles\":["
        + r + "],\"databases\":[" + d + "]}}");
  }

  /** Counts sessions per database; the main one (null) as {@value #MAIN}. */
  static final class CountingFactory implements ConnectionFactory {
    private final ConnectionFactory delegate;
    private final Map<String, Integer> opens = new ConcurrentHashMap<>();

    CountingFactory(ConnectionFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public Connection open(String database) throws SQLException {
      opens.merge(database == null ? MAIN : database, 1, Integer::sum);
      return delegate.open(database);
    }

    Map<String, Integer> opens() {
      return new HashMap<>(opens);
    }

    void reset() {
      opens.clear();
    }
  }
}
