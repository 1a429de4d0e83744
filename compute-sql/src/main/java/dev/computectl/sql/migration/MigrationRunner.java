package dev.computectl.sql.migration;

import static dev.computectl.sql.SqlQuoting.ident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the migrations not yet counted in {@code neon_migration.migration_id}, each in its own
 * transaction together with its counter update. The first failure stops the run; the next run
 * resumes at the same migration. Use a connection with application_name {@code
 * compute_ctl:migrations}.
 */
public final class MigrationRunner {

  private static final Logger log = LoggerFactory.getLogger(MigrationRunner.class);

  private final String privilegedRole;
  private final String adminRole;
  private final List<Migration> migrations;
  private final MigrationHook hook;

  public MigrationRunner(String privilegedRole, String adminRole, MigrationHook hook) {
    this(privilegedRole, adminRole, Migrations.ALL, hook);
  }

  MigrationRunner(String privilegedRole, String adminRole, List<Migration> migrations, MigrationHook hook) {
    this.privilegedRole = Objects.requireNonNull(privilegedRole, "privilegedRole");
    this.adminRole = Objects.requireNonNull(adminRole, "adminRole");
    this.migrations = List.copyOf(migrations);
    this.hook = hook == null ? MigrationHook.NONE : hook;
  }

  /** Runs the pending migrations. SQL errors of the bookkeeping itself are thrown. */
  public MigrationResult run(Connection conn) throws SQLException {
    conn.setAutoCommit(true);
    try (Statement st = conn.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS neon_migration");
      st.execute("CREATE TABLE IF NOT EXISTS neon_migration.migration_id ("
          + "key pg_catalog.int4 NOT NULL PRIMARY KEY, id pg_catalog.int8 NOT NULL DEFAULT 0)");
      st.execute("INSERT INTO neon_migration.migration_id (key, id) VALUES (0, 0) ON CONFLICT (key) DO NOTHING");
      st.execute("ALTER SCHEMA neon_migration OWNER TO " + ident(adminRole));
      st.execute("REVOKE ALL ON SCHEMA neon_migration FROM PUBLIC");
    }
    int start = current(conn);
    int id = start;
    while (id < migrations.size()) {
      Migration migration = migrations.get(id);
      try {
        apply(conn, migration);
      } catch (Exception e) {
        log.error("migration {} ({}) failed: {}", migration.number(), migration.description(), e.getMessage());
        return new MigrationResult(start, id, OptionalInt.of(migration.number()), e.getMessage());
      }
      id = migration.number();
      log.info("migration {} applied: {}", id, migration.description());
    }
    return new MigrationResult(start, id, OptionalInt.empty(), null);
  }

  /** The number of migrations already applied. */
  public static int current(Connection conn) throws SQLException {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM neon_migration.migration_id WHERE key OPERATOR(pg_catalog.=) 0")) {
      return rs.next() ? (int) rs.getLong(1) : 0;
    }
  }

  private void apply(Connection conn, Migration migration) throws Exception {
    conn.setAutoCommit(false);
    try {
      if (!migration.skipped()) {
        try (Statement st = conn.createStatement()) {
          st.execute(migration.sqlFor(privilegedRole));
        }
      }
      hook.beforeCounterUpdate(migration.number());
      try (PreparedStatement ps = conn.prepareStatement(
          "UPDATE neon_migration.migration_id SET id = ? WHERE key OPERATOR(pg_catalog.=) 0")) {
        ps.setLong(1, migration.number());
        ps.executeUpdate();
      }
      conn.commit();
    } catch (Exception e) {
      conn.rollback();
      throw e;
    } finally {
      conn.setAutoCommit(true);
    }
  }
}
