package dev.computectl.testkit.bench;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.plan.Plan;
import dev.computectl.sql.plan.SqlCommand;
import dev.computectl.sql.plan.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The baseline the pipelined executor replaced: the same plan, but every statement on a new
 * session and in its own round trip (connect, execute, disconnect), one after the other.
 */
final class NaiveApplier {

  private final ConnectionFactory sessions;
  private final String adminRole;

  NaiveApplier(ConnectionFactory sessions, String adminRole) {
    this.sessions = sessions;
    this.adminRole = adminRole;
  }

  /** Reads the catalog, plans, sends; returns the number of statements sent. */
  int apply(ComputeSpec spec) throws SQLException {
    Plan plan = Planning.plan(spec, sessions, adminRole);
    int sent = 0;
    for (SqlCommand command : plan.commands()) {
      String db = command.target() instanceof Target.InDatabase in ? in.name() : null;
      try (Connection conn = sessions.open(db); Statement st = conn.createStatement()) {
        st.execute(command.sql());
      }
      sent++;
    }
    return sent;
  }
}
