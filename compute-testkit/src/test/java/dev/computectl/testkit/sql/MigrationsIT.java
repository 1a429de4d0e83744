package dev.computectl.testkit.sql;

import static dev.computectl.testkit.sql.SqlItSupport.column;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.sql.JdbcConnectionFactory;
import dev.computectl.sql.migration.MigrationHook;
import dev.computectl.sql.migration.MigrationResult;
import dev.computectl.sql.migration.MigrationRunner;
import dev.computectl.sql.migration.Migrations;
import dev.computectl.testkit.postgres.TestPostgres;
import dev.computectl.testkit.postgres.TestPostgresExtension;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPostgresExtension.class)
class MigrationsIT {

  @Test
  void eachMigrationCanFailAndTheNextRunResumesAtIt(TestPostgres pg) throws Exception {
    JdbcConnectionFactory factory = JdbcConnectionFactory.fromConnstr(pg.connstr(), "compute_ctl:migrations");
    try (Connection c = factory.open(null)) {
      c.createStatement().execute("CREATE ROLE neon_superuser NOLOGIN");
      for (int n = 1; n <= Migrations.ALL.size(); n++) {
        int failing = n;
        MigrationResult failed = new MigrationRunner("neon_superuser", TestPostgres.ADMIN,
            number -> { if (number == failing) throw new Exception("failpoint " + number); }).run(c);
        assertThat(failed.failed()).hasValue(n);
        assertThat(MigrationRunner.current(c)).isEqualTo(n - 1);
        // Make the next iteration start again from zero, as a fresh database would.
        c.createStatement().execute("UPDATE neon_migration.migration_id SET id = 0");
      }
      MigrationResult clean = new MigrationRunner("neon_superuser", TestPostgres.ADMIN, MigrationHook.NONE).run(c);
      assertThat(clean.ok()).isTrue();
      assertThat(clean.reached()).isEqualTo(12);
      MigrationResult again = new MigrationRunner("neon_superuser", TestPostgres.ADMIN, MigrationHook.NONE).run(c);
      assertThat(again.startedAt()).isEqualTo(12);
    }
    assertThat(column(pg, "postgres", "SELECT rolbypassrls FROM pg_roles WHERE rolname = 'neon_superuser'"))
        .containsExactly("t");
    assertThat(column(pg, "postgres", "SELECT b.rolname || ':' || m.admin_option FROM pg_auth_members m"
        + " JOIN pg_roles b ON b.oid = m.roleid WHERE m.member = 'neon_superuser'::regrole ORDER BY 1"))
        .contains("pg_monitor:true", "pg_signal_backend:true");
    assertThat(column(pg, "postgres",
        "SELECT has_function_privilege('neon_superuser', 'pg_show_replication_origin_status()', 'EXECUTE')"))
        .containsExactly("t");
  }
}
