package dev.computectl.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The timeouts, intervals and backoffs of one compute.
 *
 * @param readinessTimeout how long a starting Postgres may take to accept connections
 * @param stopGrace how long a stopping Postgres gets before SIGKILL
 * @param reloadVerifyTimeout how long a reconfigure waits for Postgres to show the new config
 * @param refreshBackoffStart first wait before retrying a failed refresh (doubles each time)
 * @param refreshBackoffMax cap of that wait
 * @param monitorInterval how often the activity monitor checks Postgres
 * @param recoveryWindow how long a compute whose postmaster was lost (or never started) waits in
 *     {@code failed} for a refresh that starts a new one before the lifecycle ends; zero ends it
 *     with the postmaster, as Neon's compute_ctl does
 * @param promoteCatchUp how long a {@code /promote} waits for the replica to replay up to the
 *     primary's last LSN (Neon: 20 s)
 */
public record NodeTimings(
    Duration readinessTimeout,
    Duration stopGrace,
    Duration reloadVerifyTimeout,
    Duration refreshBackoffStart,
    Duration refreshBackoffMax,
    Duration monitorInterval,
    Duration recoveryWindow,
    Duration promoteCatchUp) {

  public NodeTimings {
    positive(promoteCatchUp, "promoteCatchUp");
    positive(readinessTimeout, "readinessTimeout");
    positive(stopGrace, "stopGrace");
    positive(reloadVerifyTimeout, "reloadVerifyTimeout");
    positive(refreshBackoffStart, "refreshBackoffStart");
    positive(refreshBackoffMax, "refreshBackoffMax");
    positive(monitorInterval, "monitorInterval");
    Objects.requireNonNull(recoveryWindow, "recoveryWindow");
    if (recoveryWindow.isNegative()) {
      throw new IllegalArgumentException("recoveryWindow must not be negative: " + recoveryWindow);
    }
    if (refreshBackoffStart.compareTo(refreshBackoffMax) > 0) {
      throw new IllegalArgumentException("refreshBackoffStart " + refreshBackoffStart
          + " is longer than refreshBackoffMax " + refreshBackoffMax);
    }
  }

  /** 60 s to become ready, 30 s to stop, refresh retries from 0.5 s up to 10 s, no recovery. */
  public static NodeTimings defaults() {
    return new NodeTimings(Duration.ofSeconds(60), Duration.ofSeconds(30),
        Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(10),
        Duration.ofMillis(500), Duration.ZERO, Duration.ofSeconds(20));
  }

  public NodeTimings withReadinessTimeout(Duration value) {
    return new NodeTimings(value, stopGrace, reloadVerifyTimeout, refreshBackoffStart,
        refreshBackoffMax, monitorInterval, recoveryWindow, promoteCatchUp);
  }

  public NodeTimings withStopGrace(Duration value) {
    return new NodeTimings(readinessTimeout, value, reloadVerifyTimeout, refreshBackoffStart,
        refreshBackoffMax, monitorInterval, recoveryWindow, promoteCatchUp);
  }

  public NodeTimings withReloadVerifyTimeout(Duration value) {
    return new NodeTimings(readinessTimeout, stopGrace, value, refreshBackoffStart,
        refreshBackoffMax, monitorInterval, recoveryWindow, promoteCatchUp);
  }

  public NodeTimings withRefreshBackoff(Duration start, Duration max) {
    return new NodeTimings(readinessTimeout, stopGrace, reloadVerifyTimeout, start, max,
        monitorInterval, recoveryWindow, promoteCatchUp);
  }

  public NodeTimings withMonitorInterval(Duration value) {
    return new NodeTimings(readinessTimeout, stopGrace, reloadVerifyTimeout, refreshBackoffStart,
        refreshBackoffMax, value, recoveryWindow, promoteCatchUp);
  }

  public NodeTimings withRecoveryWindow(Duration value) {
    return new NodeTimings(readinessTimeout, stopGrace, reloadVerifyTimeout, refreshBackoffStart,
        refreshBackoffMax, monitorInterval, value, promoteCatchUp);
  }

  public NodeTimings withPromoteCatchUp(Duration value) {
    return new NodeTimings(readinessTimeout, stopGrace, reloadVerifyTimeout, refreshBackoffStart,
        refreshBackoffMax, monitorInterval, recoveryWindow, value);
  }

  private static void positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
