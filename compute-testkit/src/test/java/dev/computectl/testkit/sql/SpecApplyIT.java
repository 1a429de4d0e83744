package dev.computectl.testkit.sql;

import static dev.computectl.testkit.sql.SqlItSupport.column;
import static dev.computectl.testkit.sql.SqlItSupport.factory;
import static dev.computectl.testkit.sql.SqlItSupport.options;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.fixtures.NeonFixtures;
import dev.computectl.sql.ApplyReport;
import dev.computectl.sql.PipelinedSpecApplier;
import dev.computectl.testkit.postgres.TestPostgres;
import dev.computectl.testkit.postgres.TestPostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Neon's own spec fixture applied to a real Postgres 15, twice. */
@ExtendWith(TestPostgresExtension.class)
class SpecApplyIT {

  @Test
  void neonFixtureAppliesAndTheSecondApplySendsNoWrites(TestPostgres pg) throws Exception {
    ComputeSpec spec = SqlItSupport.neonSpec(NeonFixtures.API_SPEC);
    PipelinedSpecApplier applier = new PipelinedSpecApplier(factory(pg), "sql-it");

    ApplyReport first = applier.apply(spec, options(4));

    assertThat(first.writes()).isPositive();
    assertThat(first.failures()).isEmpty();
    for (var role : spec.cluster().roles()) {
      assertThat(column(pg, "postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = '"
          + role.name().replace("'", "''") + "'"))
          .as("role %s", role.name())
          .containsExactly(role.encryptedPassword() == null ? null : "md5" + role.encryptedPassword());
    }
    assertThat(column(pg, "postgres",
        "SELECT datname || ':' || pg_get_userbyid(datdba) || ':' || datcollate FROM pg_database WHERE datname = 'DB2'"))
        .containsExactly("DB2:alexk:C");
    assertThat(column(pg, "postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'zenith'"))
        .containsExactly("MyRole");
    assertThat(column(pg, "postgres", "SELECT rolname FROM pg_roles WHERE rolname = 'neon_superuser'")).hasSize(1);
    assertThat(column(pg, "postgres", "SELECT count(*) FROM public.health_check")).containsExactly("1");
    assertThat(column(pg, "zen",
        "SELECT count(*) FROM pg_default_acl WHERE defaclnamespace = 'public'::regnamespace")).containsExactly("2");

    ApplyReport second = applier.apply(spec, options(4));

    assertThat(second.writes()).isZero();
    assertThat(second.statementsSent()).isZero();
  }

  @Test
  void deltaOperationsRenameAndDelete(TestPostgres pg) throws Exception {
    PipelinedSpecApplier applier = new PipelinedSpecApplier(factory(pg), "sql-it");
    applier.apply(SqlItSupport.spec("""
        {"format_version": 1.0, "suspend_timeout_seconds": -1, "cluster": {
          "roles": [{"name": "old role", "encrypted_password": "%s"}, {"name": "intern", "encrypted_password": null}],
          "databases": [{"name": "old db", "owner": "old role"}, {"name": "legacy", "owner": "intern"}]}}
        """.formatted(SqlItSupport.MD5)), options(2));
    try (var c = pg.connect("old db"); var st = c.createStatement()) {
      st.execute("CREATE TABLE public.t (x int); GRANT SELECT ON public.t TO intern;"
          + " GRANT CREATE ON SCHEMA public TO intern; SET ROLE intern; CREATE TABLE public.mine (y int)");
    }

    ApplyReport report = applier.apply(SqlItSupport.spec("""
        {"format_version": 1.0, "suspend_timeout_seconds": -1, "cluster": {
          "roles": [{"name": "new role", "encrypted_password": "%s"}],
          "databases": [{"name": "new db", "owner": "new role"}]},
         "delta_operations": [
          {"action": "rename_role", "name": "old role", "new_name": "new role"},
          {"action": "rename_db", "name": "old db", "new_name": "new db"},
          {"action": "delete_db", "name": "legacy"},
          {"action": "delete_role", "name": "intern"}]}
        """.formatted(SqlItSupport.MD5)), options(2));

    assertThat(report.failures()).isEmpty();
    assertThat(column(pg, "postgres", "SELECT rolname FROM pg_roles WHERE rolname IN ('old role', 'new role', 'intern')"))
        .containsExactly("new role");
    assertThat(column(pg, "postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = 'new role'"))
        .containsExactly("md5" + SqlItSupport.MD5);
    assertThat(column(pg, "postgres", "SELECT datname FROM pg_database WHERE datname IN ('old db', 'new db', 'legacy')"))
        .containsExactly("new db");
    assertThat(column(pg, "new db", "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'mine'"))
        .containsExactly("new role");
  }
}
