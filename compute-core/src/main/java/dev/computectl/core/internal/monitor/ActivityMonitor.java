package dev.computectl.core.internal.monitor;

import dev.computectl.core.internal.state.ComputeState;
import dev.computectl.core.internal.state.Transitions;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.port.StorageEvents;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.spec.ComputeFeature;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor thread ({@code <computeId>-monitor}): waits for the first {@code running}, then
 * every interval checks Postgres over its own long-lived session, updates up/downtime and moves
 * {@code last_active}. Unlike Neon's monitor it keeps going in {@code failed} while Postgres runs
 * (Neon's stops there, so a compute that a refresh heals would stay without activity tracking);
 * it ends when the compute terminates.
 */
public final class ActivityMonitor implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(ActivityMonitor.class);
  /**
   * Connect, login and every read of the monitor's session give up after this (the factory must
   * apply it), so a stopped postmaster counts as downtime instead of hanging the thread.
   */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final String computeId;
  private final ComputeState state;
  private final ConnectionFactory connections;
  private final ActivityProbe probe;
  private final BooleanSupplier acceptsSessions;
  private final Duration interval;
  private final Clock clock;
  private final NodeMetrics metrics;
  private final ArchiverProbe archiver;
  private final ReplicaProbe replica;
  private Connection session;
  private Instant lastUp;
  private Instant lastChecked;

  /**
   * @param acceptsSessions whether Postgres takes a new session and answers now (the readiness
   *     probe): the monitor's own long-lived session keeps working while the postmaster hangs
   *     (its backend is another process), so without this a stopped postmaster is no downtime
   */
  public ActivityMonitor(String computeId, ComputeState state, ConnectionFactory connections,
      BooleanSupplier acceptsSessions, String adminRole, Duration interval, Clock clock,
      NodeMetrics metrics, StorageEvents storageEvents) {
    this.archiver = new ArchiverProbe(storageEvents);
    this.replica = new ReplicaProbe(metrics);
    this.computeId = computeId;
    this.state = state;
    this.connections = connections;
    this.acceptsSessions = acceptsSessions;
    this.probe = new ActivityProbe(adminRole);
    this.interval = interval;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public void run() {
    try {
      ComputeStatus first =
          // Not FAILED: after a failed start a refresh may still bring Postgres up (recovery).
          state.awaitStatus(s -> s == ComputeStatus.RUNNING || Transitions.isTerminating(s),
              null);
      if (first != ComputeStatus.RUNNING) {
        return;
      }
      lastUp = clock.instant();
      lastChecked = lastUp;
      while (!Transitions.isTerminating(state.status())) {
        round();
        state.awaitStatus(Transitions::isTerminating, interval);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeSession();
    }
  }

  private void round() {
    Instant now = clock.instant();
    try {
      if (!acceptsSessions.getAsBoolean()) {
        throw new SQLException("postgres does not accept a new session");
      }
      if (session == null || session.isClosed()) {
        session = connections.open(null);
      }
      ComputeSpec spec = state.spec();
      boolean experimental =
          spec != null && spec.features().contains(ComputeFeature.ACTIVITY_MONITOR_EXPERIMENTAL);
      Optional<Instant> active = probe.lastActivity(session, now, experimental);
      archiver.check(session);
      if (spec != null && spec.mode() instanceof dev.computectl.spec.ComputeMode.Replica) {
        replica.check(session);
      }
      lastUp = now;
      metrics.postgresUp();
      active.ifPresent(state::touchActivity);
    } catch (SQLException e) {
      log.debug("compute {}: monitor cannot reach postgres: {}", computeId, e.getMessage());
      metrics.postgresDown(Duration.between(lastUp, now), Duration.between(lastChecked, now));
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
