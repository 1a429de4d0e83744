package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.port.MigrationTask;

import dev.computectl.core.Failpoints;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.migration.MigrationResult;
import dev.computectl.sql.migration.MigrationRunner;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs compute-sql's migrations on their own session. The {@code compute-migration} failpoint
 * can fail one migration by number.
 */
public final class SqlMigrationTask implements MigrationTask {

  private final ConnectionFactory connections;
  private final String privilegedRole;
  private final String adminRole;
  private final Failpoints failpoints;

  public SqlMigrationTask(
      ConnectionFactory connections, String privilegedRole, String adminRole,
      Failpoints failpoints) {
    this.connections = connections;
    this.privilegedRole = privilegedRole;
    this.adminRole = adminRole;
    this.failpoints = failpoints;
  }

  @Override
  public void run(ComputeSpec spec, FailureListener failures) throws SQLException {
    try (Connection conn = connections.open(null)) {
      MigrationResult result =
          new MigrationRunner(privilegedRole, adminRole,
                  n -> failpoints.hit(Failpoints.MIGRATION, Integer.toString(n)))
              .run(conn);
      if (!result.ok()) {
        failures.failed(Integer.toString(result.failed().getAsInt()),
            new Exception(result.error()));
      }
    }
  }
}
