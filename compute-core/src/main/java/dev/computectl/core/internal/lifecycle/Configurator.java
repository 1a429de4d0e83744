package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.ComputeException;
import dev.computectl.core.Failpoints;
import dev.computectl.core.SpecPolicy;
import dev.computectl.core.internal.state.ComputeState;
import dev.computectl.core.internal.state.Transitions;
import dev.computectl.core.internal.state.Trigger;
import dev.computectl.core.port.PostgresProcess;
import dev.computectl.core.port.SpecSource;
import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configurator thread ({@code <computeId>-configurator}): picks up {@code
 * configuration_pending} (reconfigure) and {@code refresh_configuration_pending} (fetch a fresh
 * config, then reconfigure when it differs). It stays alive in {@code failed}, so a refresh or a
 * configure can heal the compute, and ends once the compute terminates. A failed refresh is
 * retried with a capped exponential backoff. When Postgres is down, a refresh or a configure starts
 * it afresh if the main thread still waits in its recovery window, and otherwise fails once with an
 * error saying the compute must be restarted.
 */
public final class Configurator implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(Configurator.class);
  private static final Duration IDLE_WAIT = Duration.ofSeconds(1);

  /** The backoff of a failed refresh: first wait, doubling up to the cap. */
  public record Backoff(Duration start, Duration max) {}

  private final String computeId;
  private final ComputeState state;
  private final SpecSource source;
  private final SpecPolicy policy;
  private final SpecApplication application;
  private final ComputeStarter starter;
  private final ProcessSlot slot;
  private final RecoveryGate recovery;
  private final Failpoints failpoints;
  private final Backoff backoffLimits;
  private final Runnable onDetached;
  private Duration backoff;
  private long nextRefreshNanos;

  /**
   * @param source null when the compute has neither a config file nor a control plane; a refresh
   *     is then refused before it is queued, so this thread only reconfigures
   * @param onDetached called when the source says the compute has no spec any more
   */
  public Configurator(String computeId, ComputeState state, SpecSource source, SpecPolicy policy,
      SpecApplication application, ComputeStarter starter, ProcessSlot slot,
      RecoveryGate recovery, Failpoints failpoints, Backoff backoffLimits, Runnable onDetached) {
    this.computeId = computeId;
    this.state = state;
    this.source = source;
    this.policy = policy;
    this.application = application;
    this.starter = starter;
    this.slot = slot;
    this.recovery = recovery;
    this.failpoints = failpoints;
    this.backoffLimits = backoffLimits;
    this.onDetached = onDetached;
    this.backoff = backoffLimits.start();
  }

  @Override
  public void run() {
    try {
      while (true) {
        ComputeState.Snapshot snap = state.snapshot();
        ComputeStatus status = snap.status();
        if (Transitions.isTerminating(status)) {
          log.debug("compute {}: configurator stops ({})", computeId, status.label());
          return;
        }
        Duration wait = IDLE_WAIT;
        if (status == ComputeStatus.CONFIGURATION_PENDING && state.started()) {
          reconfigure();
          continue;
        }
        if (status == ComputeStatus.REFRESH_CONFIGURATION_PENDING) {
          long now = System.nanoTime();
          if (now - nextRefreshNanos >= 0) {
            refresh();
            continue;
          }
          wait = Duration.ofNanos(nextRefreshNanos - now);
        }
        state.awaitChange(snap.version(), wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("compute {}: configurator failed", computeId, e);
    }
  }

  private void reconfigure() throws InterruptedException {
    if (!state.fire(Trigger.BEGIN_RECONFIGURE)) {
      return;
    }
    Optional<String> down = postgresDown();
    if (down.isPresent() && recovery.begin()) {
      // A configure sent to a failed compute whose main thread waits in its recovery window.
      PostgresProcess started = null;
      try {
        started = startForConfigure(down.get());
      } finally {
        recovery.finish(started);
      }
      return;
    }
    if (down.isPresent()) {
      String error = "reconfigure failed: " + down.get()
          + "; the compute must be restarted to start postgres again";
      log.error("compute {}: {}", computeId, error);
      state.fail(error);
      return;
    }
    ComputeSpec previous = state.specBeforeConfigure();
    try {
      application.reconfigure(state.spec(), previous, runningPostgres());
      if (state.fire(Trigger.RECONFIGURED)) {
        log.info("compute {}: reconfigured", computeId);
      }
    } catch (LifecycleException e) {
      String error = "reconfigure failed: " + e.getMessage();
      if (e.settingsRejected()) {
        // Postgres runs on with the previous configuration: back to running, answer the error.
        log.error("compute {}: {}", computeId, error);
        state.rejectConfiguration(error, previous);
        return;
      }
      log.error("compute {}: {}", computeId, error);
      state.fail(error);
    }
  }

  /**
   * A configure while Postgres is down and the main thread waits for a recovery: a fresh start
   * with the configured spec. Success moves to {@code running}, failure back to {@code failed};
   * either answers the waiting {@code /configure}.
   *
   * @return the started postmaster (handed to the main thread), null when none runs
   */
  private PostgresProcess startForConfigure(String why) throws InterruptedException {
    log.warn("compute {}: {}; the configure starts it afresh", computeId, why);
    try {
      PostgresProcess started = starter.start(state.spec());
      if (started != null && state.fire(Trigger.RECONFIGURED)) {
        log.info("compute {}: postgres started by configure: postmaster pid {}", computeId,
            started.pid());
      }
      return started;
    } catch (LifecycleException e) {
      String error = "configure failed: " + e.getMessage();
      log.error("compute {}: {}", computeId, error);
      state.fail(error);
      return null;
    }
  }

  private void refresh() throws InterruptedException {
    if (!state.fire(Trigger.BEGIN_REFRESH)) {
      return;
    }
    Optional<String> down = postgresDown();
    if (down.isPresent() && recovery.begin()) {
      // The main thread waits in its recovery window: start Postgres afresh with the fetched spec.
      PostgresProcess started = null;
      try {
        started = recoverOnce(down.get());
      } finally {
        recovery.finish(started);
      }
      return;
    }
    if (down.isPresent()) {
      // The lifecycle ended with this postmaster (the main thread decided the exit outcome), so a
      // reconfigure can never succeed; retrying would loop forever. Say so instead.
      String error = "refresh configuration failed: " + down.get()
          + "; the compute must be restarted to start postgres again";
      log.error("compute {}: {}", computeId, error);
      state.fail(error);
      return;
    }
    log.info("compute {}: compute node suspects its configuration is out of date, now refreshing"
        + " configuration from {}", computeId, source.describe());
    try {
      refreshOnce();
      backoff = backoffLimits.start();
      nextRefreshNanos = System.nanoTime();
    } catch (SpecSource.SpecFetchException | LifecycleException e) {
      retryLater(e.getMessage());
    }
  }

  /**
   * A refresh while Postgres is down and the main thread waits for a recovery: fetch, then a
   * fresh start (PGDATA, config, start, first apply, migrations). Success moves to {@code
   * running} and clears the error; failure stays pending with the error and backs off.
   *
   * @return the started postmaster (handed to the main thread), null when none runs
   */
  private PostgresProcess recoverOnce(String why) throws InterruptedException {
    log.warn("compute {}: {}; refresh restarts it with a config from {}", computeId, why,
        source.describe());
    try {
      ComputeConfig config = fetch();
      if (config.spec() == null) {
        onDetached.run();
        return null;
      }
      requireValid(config.spec());
      state.replaceSpec(config.spec(), keysOf(config));
      PostgresProcess started = starter.start(config.spec());
      if (started == null || Transitions.isTerminating(state.status())) {
        return started;
      }
      if (state.fire(Trigger.REFRESHED)) {
        log.info("compute {}: postgres restarted by refresh: postmaster pid {}", computeId,
            started.pid());
      }
      backoff = backoffLimits.start();
      nextRefreshNanos = System.nanoTime();
      return started;
    } catch (SpecSource.SpecFetchException | LifecycleException e) {
      retryLater(e.getMessage());
      return null;
    }
  }

  private void retryLater(String error) {
    log.warn("compute {}: refresh failed, retrying in {} ms: {}", computeId, backoff.toMillis(),
        error);
    state.recordError("refresh configuration failed: " + error);
    nextRefreshNanos = System.nanoTime() + backoff.toNanos();
    Duration doubled = backoff.multipliedBy(2);
    backoff = doubled.compareTo(backoffLimits.max()) > 0 ? backoffLimits.max() : doubled;
    state.fire(Trigger.RETRY_REFRESH);
  }

  /** One refresh attempt against a running Postgres. */
  private void refreshOnce()
      throws SpecSource.SpecFetchException, LifecycleException, InterruptedException {
    ComputeConfig config = fetch();
    if (config.spec() == null) {
      log.warn("compute {}: {} has no spec for this compute any more; terminating", computeId,
          source.describe());
      onDetached.run();
      return;
    }
    requireValid(config.spec());
    ComputeState.Snapshot before = state.snapshot();
    try {
      policy.requireValidChange(before.spec(), config.spec());
    } catch (ComputeException.InvalidSpec e) {
      throw LifecycleException.of(e);
    }
    ComputeCtlConfig keys = keysOf(config);
    if (keys != null) {
      state.setCtlConfig(keys);
    }
    if (config.spec().equals(before.spec()) && before.error() == null) {
      log.info("compute {}: refreshed config from {} is unchanged; nothing to do", computeId,
          source.describe());
      state.fire(Trigger.REFRESHED);
      return;
    }
    state.replaceSpec(config.spec(), keys);
    try {
      application.reconfigure(config.spec(), before.spec(), runningPostgres());
    } catch (LifecycleException e) {
      if (e.settingsRejected()) {
        // The previous spec is in force again; a retry compares against it.
        state.replaceSpec(before.spec(), null);
      }
      throw e;
    }
    log.info("compute {}: refreshed config from {} applied", computeId, source.describe());
    state.fire(Trigger.REFRESHED);
  }

  private ComputeConfig fetch()
      throws SpecSource.SpecFetchException, LifecycleException, InterruptedException {
    try {
      failpoints.hit(Failpoints.SPEC_FETCH);
    } catch (Failpoints.Fired e) {
      throw LifecycleException.of(e);
    }
    return source.fetch();
  }

  private void requireValid(ComputeSpec spec) throws LifecycleException {
    try {
      policy.requireValid(spec);
    } catch (ComputeException.InvalidSpec e) {
      throw LifecycleException.of(e);
    }
  }

  /** The fetched keys, or null for a source that carries none (a bare spec file). */
  private ComputeCtlConfig keysOf(ComputeConfig config) {
    return source.carriesComputeCtlConfig() ? config.computeCtlConfig() : null;
  }

  /** Why Postgres cannot be reconfigured (never started, or exited), empty while it runs. */
  private Optional<String> postgresDown() {
    Optional<PostgresProcess> postgres = slot.current();
    if (postgres.isEmpty()) {
      return Optional.of("postgres is not running (the start failed)");
    }
    if (!postgres.get().isAlive()) {
      return Optional.of("postgres is not running (postmaster pid " + postgres.get().pid()
          + " exited)");
    }
    return Optional.empty();
  }

  private PostgresProcess runningPostgres() throws LifecycleException {
    Optional<PostgresProcess> postgres = slot.current();
    if (postgres.isEmpty() || !postgres.get().isAlive()) {
      throw LifecycleException.of(new IOException("postgres is not running"));
    }
    return postgres.get();
  }
}
