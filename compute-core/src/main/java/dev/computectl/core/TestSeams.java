package dev.computectl.core;

import dev.computectl.core.port.MigrationTask;
import dev.computectl.core.port.PostgresPlatform;
import dev.computectl.core.port.PostgresSql;
import dev.computectl.sql.ConnectionFactory;
import java.util.Objects;

/**
 * Parts a test (or an embedder that wants computes without a real Postgres) swaps in. Each null
 * part keeps the real one. A seam never combines with the option it replaces: {@link
 * ComputeNodeBuilder#build()} refuses, naming both, for example a {@link #platform()} together
 * with a template cache that platform would never use.
 *
 * @param platform replaces the whole Postgres layer (PGDATA, config files, the postmaster)
 * @param postgresSql replaces the few queries the lifecycle sends itself (SHOW, pending restarts)
 * @param connections replaces how every session of the compute is opened (default: from the
 *     connstr)
 * @param migrations replaces the migrations run after the first apply
 * @param monitor false turns the activity monitor off (it needs a Postgres to probe)
 * @param applyOverride the temporary override file's content during an apply ("" on vanilla
 *     Postgres; Neon writes {@code neon.max_cluster_size=-1} there)
 */
public record TestSeams(
    PostgresPlatform platform,
    PostgresSql postgresSql,
    ConnectionFactory connections,
    MigrationTask migrations,
    boolean monitor,
    String applyOverride) {

  public TestSeams {
    Objects.requireNonNull(applyOverride, "applyOverride");
  }

  /** No seams: everything real. */
  public static TestSeams none() {
    return new TestSeams(null, null, null, null, true, "");
  }

  public TestSeams withPlatform(PostgresPlatform value) {
    return new TestSeams(value, postgresSql, connections, migrations, monitor, applyOverride);
  }

  public TestSeams withPostgresSql(PostgresSql value) {
    return new TestSeams(platform, value, connections, migrations, monitor, applyOverride);
  }

  public TestSeams withConnections(ConnectionFactory value) {
    return new TestSeams(platform, postgresSql, value, migrations, monitor, applyOverride);
  }

  public TestSeams withMigrations(MigrationTask value) {
    return new TestSeams(platform, postgresSql, connections, value, monitor, applyOverride);
  }

  public TestSeams withoutMonitor() {
    return new TestSeams(platform, postgresSql, connections, migrations, false, applyOverride);
  }

  public TestSeams withApplyOverride(String value) {
    return new TestSeams(platform, postgresSql, connections, migrations, monitor, value);
  }
}
