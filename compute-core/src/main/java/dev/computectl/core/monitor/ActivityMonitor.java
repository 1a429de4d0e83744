package dev.computectl.core.monitor;

import dev.computectl.core.lifecycle.NodeContext;
import dev.computectl.core.state.Transitions;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.spec.ComputeFeature;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor thread ({@code <computeId>-monitor}, §8.1): waits for the first {@code running},
 * then every interval checks Postgres over its own long-lived session, updates up/downtime and
 * moves {@code last_active}. Unlike the reference (D2) it keeps going in {@code failed} while
 * Postgres runs; it ends when the compute terminates.
 */
public final class ActivityMonitor implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(ActivityMonitor.class);

  private final NodeContext ctx;
  private final ConnectionFactory connections;
  private final ActivityProbe probe;
  private Connection session;
  private Instant lastUp;
  private Instant lastChecked;

  public ActivityMonitor(NodeContext ctx, ConnectionFactory connections) {
    this.ctx = ctx;
    this.connections = connections;
    this.probe = new ActivityProbe(ctx.settings().adminRole());
  }

  @Override
  public void run() {
    try {
      ComputeStatus first =
          // Not FAILED: after a failed start a refresh may still bring Postgres up (recovery).
          ctx.state().awaitStatus(s -> s == ComputeStatus.RUNNING || Transitions.isTerminating(s),
              null);
      if (first != ComputeStatus.RUNNING) {
        return;
      }
      lastUp = ctx.clock().instant();
      lastChecked = lastUp;
      Duration interval = ctx.settings().monitorInterval();
      while (!Transitions.isTerminating(ctx.state().status())) {
        round();
        ctx.state().awaitStatus(Transitions::isTerminating, interval);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeSession();
    }
  }

  private void round() {
    Instant now = ctx.clock().instant();
    try {
      if (session == null || session.isClosed()) {
        session = connections.open(null);
      }
      ComputeSpec spec = ctx.state().spec();
      boolean experimental =
          spec != null && spec.features().contains(ComputeFeature.ACTIVITY_MONITOR_EXPERIMENTAL);
      Optional<Instant> active = probe.lastActivity(session, now, experimental);
      lastUp = now;
      ctx.metrics().postgresUp();
      active.ifPresent(ctx.state()::touchActivity);
    } catch (SQLException e) {
      log.debug("compute {}: monitor cannot reach postgres: {}", ctx.computeId(), e.getMessage());
      ctx.metrics().postgresDown(Duration.between(lastUp, now), Duration.between(lastChecked, now));
      closeSession();
    }
    lastChecked = now;
  }

  private void closeSession() {
    if (session != null) {
      try {
        session.close();
      } catch (SQLException ignored) {
        // The session is being dropped anyway.
      }
      session = null;
    }
  }
}
