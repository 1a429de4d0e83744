package dev.computectl.testkit.sql;

import static dev.computectl.testkit.sql.NoOpReapplyIT.MAIN;
import static dev.computectl.testkit.sql.NoOpReapplyIT.defaultAcls;
import static dev.computectl.testkit.sql.NoOpReapplyIT.spec;
import static dev.computectl.testkit.sql.SqlItSupport.column;
import static dev.computectl.testkit.sql.SqlItSupport.factory;
import static dev.computectl.testkit.sql.SqlItSupport.options;
import static dev.computectl.testkit.sql.SqlItSupport.reconfigure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.ApplyException;
import dev.computectl.sql.ApplyReport;
import dev.computectl.sql.PipelinedSpecApplier;
import dev.computectl.testkit.postgres.TestPostgres;
import dev.computectl.testkit.postgres.TestPostgresExtension;
import dev.computectl.testkit.sql.NoOpReapplyIT.CountingFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A re-apply by the same applier reads only the databases whose shared traces changed since it
 * settled them; a new applier (a restart) reads them all.
 */
@ExtendWith(TestPostgresExtension.class)
class SettledDatabasesIT {

  /** A spec applied once, as at startup, by an applier whose sessions are counted. */
  private record Applied(ComputeSpec spec, CountingFactory sessions, PipelinedSpecApplier applier) {

    /** Re-applies the same spec as a reconfigure, counting only its sessions. */
    ApplyReport reconfigure() throws ApplyException {
      sessions.reset();
      return applier.apply(spec, SqlItSupport.reconfigure(2));
    }
  }

  private static Applied applied(TestPostgres pg, String prefix, int databases) throws Exception {
    ComputeSpec spec = spec(prefix, databases);
    CountingFactory sessions = new CountingFactory(factory(pg));
    PipelinedSpecApplier applier = new PipelinedSpecApplier(sessions, "sql-it");
    applier.apply(spec, options(2));
    return new Applied(spec, sessions, applier);
  }

  @Test
  void theSameApplierReappliesOnTheMainSessionAlone(TestPostgres pg) throws Exception {
    Applied applied = applied(pg, "same_", 20);

    ApplyReport report = applied.reconfigure();

    assertThat(report.statementsSent()).isZero();
    assertThat(applied.sessions().opens()).containsExactly(Map.entry(MAIN, 1));
  }

  @Test
  void tablesTheAdminCreatesDoNotUnsettleTheirDatabase(TestPostgres pg) throws Exception {
    Applied applied = applied(pg, "tables_", 2);
    // The default privileges give each new table an ACL entry (and a pg_shdepend row) for PRIV.
    sql(pg, "tables_1", "CREATE TABLE public.t1 (id int)", "CREATE TABLE public.t2 (id int)");

    applied.reconfigure();

    assertThat(applied.sessions().opens()).containsOnlyKeys(MAIN);
  }

  @Test
  void anApplyAtStartupTakesTheClaimsOfTheClusterNotOfItsMemory(TestPostgres pg) throws Exception {
    Applied applied = applied(pg, "start_", 4);
    // As if Postgres had been started again on a copy of the data without the claims.
    sql(pg, "postgres", "DELETE FROM compute_ctl.settled_databases");
    assertThat(applied.reconfigure().statementsSent()).isZero();
    assertThat(applied.sessions().opens()).as("a reconfigure trusts its memory").containsOnlyKeys(MAIN);
    applied.sessions().reset();

    applied.applier().apply(applied.spec(), options(2)); // as after a restart by the same compute

    assertThat(applied.sessions().opens()).containsKeys("start_0", "start_1", "start_2", "start_3");
  }

  @Test
  void aNewApplierRereadsADatabaseWhoseTracesChangedWhileNoComputeRan(TestPostgres pg) throws Exception {
    Applied applied = applied(pg, "offline_", 4);
    sql(pg, "offline_2", "DROP SCHEMA public CASCADE", "CREATE SCHEMA public AUTHORIZATION owner_2");
    CountingFactory sessions = new CountingFactory(factory(pg));

    ApplyReport restart = new PipelinedSpecApplier(sessions, "sql-it").apply(applied.spec(), options(2));

    assertThat(restart.failures()).isEmpty();
    assertThat(sessions.opens()).containsOnlyKeys(MAIN, "offline_2");
    assertThat(defaultAcls(pg, "offline_2")).containsExactly("r", "S");
  }

  @Test
  void aFailedApplyLeavesNoClaimInTheCluster(TestPostgres pg) throws Exception {
    Applied applied = applied(pg, "claims_", 3);
    assertThat(NoOpReapplyIT.storedClaims(pg)).hasSize(3);
    ComputeSpec broken = SqlItSupport.spec("""
        {"format_version": 1.0, "suspend_timeout_seconds": -1, "cluster": {"roles": [],
          "databases": [{"name": "claims_x", "owner": "nobody"}]}}
        """);

    assertThatThrownBy(() -> applied.applier().apply(broken, reconfigure(2))).isInstanceOf(ApplyException.class);

    assertThat(NoOpReapplyIT.storedClaims(pg)).isEmpty();
  }

  @Test
  void aRecreatedPublicSchemaIsNoticedAndItsGrantsRestored(TestPostgres pg) throws Exception {
    Applied applied = applied(pg, "schema_", 5);
    // The owner resets a database the common way.
    sql(pg, "schema_3", "DROP SCHEMA public CASCADE", "CREATE SCHEMA public AUTHORIZATION owner_3");
    assertThat(defaultAcls(pg, "schema_3")).isEmpty();

    ApplyReport repair = applied.reconfigure();

    assertThat(repair.failures()).isEmpty();
    assertThat(repair.writes()).isPositive();
    assertThat(applied.sessions().opens()).containsOnlyKeys(MAIN, "schema_3");
    assertThat(defaultAcls(pg, "schema_3")).containsExactly("r", "S");
    assertThat(applied.reconfigure().writes()).isZero();
  }

  @Test
  void aRevokedWebAccessGrantIsNoticed(TestPostgres pg) throws Exception {
    sql(pg, "postgres", "CREATE ROLE web_access");
    Applied applied = applied(pg, "web_", 3);
    assertThat(webAccessCanCreate(pg, "web_1")).isTrue();
    sql(pg, "web_1", "REVOKE CREATE ON SCHEMA public FROM web_access");

    ApplyReport repair = applied.reconfigure();

    assertThat(repair.writes()).isEqualTo(1);
    assertThat(applied.sessions().opens()).containsOnlyKeys(MAIN, "web_1");
    assertThat(webAccessCanCreate(pg, "web_1")).isTrue();
  }

  @Test
  void aWebAccessRoleAddedByAReconfigureGetsItsGrantInEveryDatabase() throws Exception {
    // A cluster of its own: web_access is one name per cluster, and another test creates it.
    try (TestPostgres pg = TestPostgres.start()) {
      Applied applied = applied(pg, "newweb_", 2);
      ComputeSpec withWebAccess = SqlItSupport.spec("""
          {"format_version": 1.0, "suspend_timeout_seconds": -1, "cluster": {
            "roles": [{"name": "web_access", "encrypted_password": null}],
            "databases": [{"name": "newweb_0", "owner": "owner_0"}, {"name": "newweb_1", "owner": "owner_1"}]}}
          """);

      ApplyReport report = applied.applier().apply(withWebAccess, reconfigure(2));

      assertThat(report.failures()).isEmpty();
      assertThat(webAccessCanCreate(pg, "newweb_0")).isTrue();
      assertThat(webAccessCanCreate(pg, "newweb_1")).isTrue();
      assertThat(applied.applier().apply(withWebAccess, reconfigure(2)).writes()).isZero();
    }
  }

  @Test
  void aDatabaseDroppedAndCreatedAgainUnderTheSameNameIsConfiguredAgain(TestPostgres pg) throws Exception {
    Applied applied = applied(pg, "again_", 3);
    sql(pg, "postgres", "DROP DATABASE again_2", "CREATE DATABASE again_2 OWNER owner_2");

    applied.reconfigure();

    assertThat(defaultAcls(pg, "again_2")).containsExactly("r", "S");
  }

  @Test
  void aFailedApplyForgetsWhatWasSettled(TestPostgres pg) throws Exception {
    Applied applied = applied(pg, "fail_", 4);
    ComputeSpec broken = SqlItSupport.spec("""
        {"format_version": 1.0, "suspend_timeout_seconds": -1, "cluster": {"roles": [],
          "databases": [{"name": "fail_x", "owner": "nobody"}]}}
        """);
    assertThatThrownBy(() -> applied.applier().apply(broken, reconfigure(2))).isInstanceOf(ApplyException.class);

    applied.reconfigure();

    assertThat(applied.sessions().opens()).containsKeys("fail_1", "fail_2", "fail_3");
  }

  @Test
  void driftThatLeavesNoSharedTraceIsRepairedOnceTheClaimsAreDropped(TestPostgres pg) throws Exception {
    Applied applied = applied(pg, "trace_", 2);
    // Only the admin can narrow its own default privileges; the row and its pg_shdepend entry stay.
    sql(pg, "trace_1", "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE DELETE ON TABLES FROM neon_superuser");

    assertThat(applied.reconfigure().writes()).as("same applier").isZero();
    assertThat(new PipelinedSpecApplier(factory(pg), "sql-it").apply(applied.spec(), options(2)).writes())
        .as("new applier, claims stored").isZero();
    sql(pg, "postgres", "DROP SCHEMA compute_ctl CASCADE"); // the operator's way to verify everything
    ApplyReport restart = new PipelinedSpecApplier(factory(pg), "sql-it").apply(applied.spec(), options(2));

    assertThat(restart.writes()).as("new applier").isEqualTo(2);
    assertThat(column(pg, "trace_1", "SELECT count(*) FROM pg_default_acl d, aclexplode(d.defaclacl) a"
        + " WHERE a.grantee = 'neon_superuser'::regrole AND d.defaclobjtype = 'r'")).containsExactly("7");
  }

  private static boolean webAccessCanCreate(TestPostgres pg, String db) throws SQLException {
    return column(pg, db, "SELECT has_schema_privilege('web_access', 'public', 'CREATE')").equals(List.of("t"));
  }

  private static void sql(TestPostgres pg, String db, String... statements) throws SQLException {
    try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }
}
