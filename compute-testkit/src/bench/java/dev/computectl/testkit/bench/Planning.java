package dev.computectl.testkit.bench;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.ApplyOptions;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.PipelinedSpecApplier;
import dev.computectl.sql.plan.Plan;
import java.sql.SQLException;

/**
 * Plans a spec against a live catalog through our applier's own planning path (a fresh applier,
 * so every existing spec database is read), one database at a time: the floor and the naive
 * executor send the same statements as ours, so only the way they are sent differs.
 */
final class Planning {

  static final String PRIVILEGED_ROLE = "neon_superuser";

  private Planning() {}

  static Plan plan(ComputeSpec spec, ConnectionFactory sessions, String adminRole)
      throws SQLException {
    return new PipelinedSpecApplier(sessions, "bench-plan")
        .plan(spec, new ApplyOptions(adminRole, PRIVILEGED_ROLE, 1, true, null));
  }
}
