package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.ComputeLogContext;
import dev.computectl.core.internal.state.ComputeState;
import dev.computectl.core.internal.state.Transitions;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.port.MigrationTask;
import dev.computectl.spec.ComputeSpec;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the migrations after the first apply of a Primary, on a thread of their own ({@code
 * <computeId>-migrations}) so the compute is {@code running} meanwhile. Failures are logged and
 * counted, never fatal. A failure while the compute is terminating is Postgres going away under
 * the migrations, not a migration defect: it is logged as interrupted and not counted.
 */
public final class Migrations {

  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private final String computeId;
  private final MigrationTask task;
  private final MigrationRun run;
  private final ComputeState state;
  private final NodeMetrics metrics;

  public Migrations(String computeId, MigrationTask task, MigrationRun run, ComputeState state,
      NodeMetrics metrics) {
    this.computeId = computeId;
    this.task = task;
    this.run = run;
    this.state = state;
    this.metrics = metrics;
  }

  void startFor(ComputeSpec spec) {
    CompletableFuture<Void> done = run.begin();
    Thread t = new Thread(ComputeLogContext.bound(computeId, () -> runAll(spec, done)),
        computeId + "-migrations");
    t.setDaemon(true);
    t.start();
  }

  private void runAll(ComputeSpec spec, CompletableFuture<Void> done) {
    AtomicBoolean interrupted = new AtomicBoolean();
    try {
      task.run(spec, (id, error) -> {
        if (shuttingDown()) {
          interrupted.set(true);
          return;
        }
        log.warn("compute {}: migration {} failed: {}", computeId, id, error.getMessage());
        metrics.migrationFailed(id);
      });
    } catch (SQLException | RuntimeException e) {
      if (shuttingDown()) {
        interrupted.set(true);
      } else {
        log.warn("compute {}: migrations stopped: {}", computeId, e.toString());
      }
    } finally {
      if (interrupted.get()) {
        log.info("compute {}: migrations interrupted by shutdown; they resume at the next start",
            computeId);
      }
      done.complete(null);
    }
  }

  private boolean shuttingDown() {
    return Transitions.isTerminating(state.status());
  }
}
