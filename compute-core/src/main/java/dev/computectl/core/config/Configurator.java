package dev.computectl.core.config;

import dev.computectl.core.Failpoints;
import dev.computectl.core.lifecycle.ComputeStarter;
import dev.computectl.core.lifecycle.NodeContext;
import dev.computectl.core.lifecycle.PostgresProcess;
import dev.computectl.core.lifecycle.SpecApplication;
import dev.computectl.core.state.ComputeState;
import dev.computectl.core.state.Transitions;
import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configurator thread ({@code <computeId>-configurator}): picks up {@code
 * configuration_pending} (reconfigure) and {@code refresh_configuration_pending} (fetch a fresh
 * config, then reconfigure when it differs). It stays alive in {@code failed} (D1) and ends once
 * the compute terminates. A failed refresh is retried with a capped exponential backoff. When
 * Postgres is down, a refresh starts it afresh if the main thread still waits in its recovery
 * window, and otherwise fails once with an error saying the compute must be restarted.
 */
public final class Configurator implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(Configurator.class);
  private static final Duration IDLE_WAIT = Duration.ofSeconds(1);

  /** The error a refresh records when the compute has nowhere to read a spec from. */
  public static final String NO_SOURCE =
      "no spec source configured: start compute_ctl with --config, --spec-path or"
          + " --control-plane-uri";

  private final NodeContext ctx;
  private final SpecSource source;
  private final Runnable onDetached;
  private final SpecApplication application;
  private final ComputeStarter starter;
  private Duration backoff;
  private long nextRefreshNanos;

  /**
   * @param source null when the compute has neither a config file nor a control plane
   * @param onDetached called when the source says the compute has no spec any more
   */
  public Configurator(NodeContext ctx, SpecSource source, Runnable onDetached) {
    this.ctx = ctx;
    this.source = source;
    this.onDetached = onDetached;
    this.application = new SpecApplication(ctx);
    this.starter = new ComputeStarter(ctx);
    this.backoff = ctx.settings().refreshBackoffStart();
  }

  @Override
  public void run() {
    ComputeState state = ctx.state();
    try {
      while (true) {
        ComputeState.Snapshot snap = state.snapshot();
        ComputeStatus status = snap.status();
        if (Transitions.isTerminating(status)) {
          log.debug("compute {}: configurator stops ({})", ctx.computeId(), status.label());
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
      log.error("compute {}: configurator failed", ctx.computeId(), e);
    }
  }

  private void reconfigure() {
    ComputeState state = ctx.state();
    if (!state.transitionFrom(ComputeStatus.CONFIGURATION_PENDING, ComputeStatus.CONFIGURATION)) {
      return;
    }
    ComputeSpec spec = state.spec();
    try {
      application.reconfigure(spec, runningPostgres());
      if (state.succeed(ComputeStatus.CONFIGURATION)) {
        log.info("compute {}: reconfigured", ctx.computeId());
      }
    } catch (Exception e) {
      String error = "reconfigure failed: " + SpecApplication.describe(e);
      log.error("compute {}: {}", ctx.computeId(), error);
      state.fail(error);
    }
  }

  private void refresh() throws InterruptedException {
    ComputeState state = ctx.state();
    if (!state.transitionFrom(
        ComputeStatus.REFRESH_CONFIGURATION_PENDING, ComputeStatus.REFRESH_CONFIGURATION)) {
      return;
    }
    Optional<String> down = postgresDown();
    if (down.isPresent() && ctx.recovery().begin()) {
      // The main thread waits in its recovery window: start Postgres afresh with the fetched spec.
      PostgresProcess started = null;
      try {
        started = recoverOnce(down.get());
      } finally {
        ctx.recovery().finish(started);
      }
      return;
    }
    if (down.isPresent()) {
      // The lifecycle ended with this postmaster (the main thread decided the exit outcome), so a
      // reconfigure can never succeed; retrying would loop forever. Say so instead.
      String error = "refresh configuration failed: " + down.get()
          + "; the compute must be restarted to start postgres again";
      log.error("compute {}: {}", ctx.computeId(), error);
      state.fail(error);
      return;
    }
    log.info(
        "compute {}: compute node suspects its configuration is out of date, now refreshing"
            + " configuration from {}",
        ctx.computeId(), source == null ? "(no config source)" : source.describe());
    String error;
    try {
      error = refreshOnce();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      error = SpecApplication.describe(e);
    }
    if (error == null) {
      backoff = ctx.settings().refreshBackoffStart();
      nextRefreshNanos = System.nanoTime();
      return;
    }
    retryLater(error);
  }

  /**
   * A refresh while Postgres is down and the main thread waits for a recovery: fetch, then a
   * fresh start (PGDATA, config, start, first apply, migrations). Success moves to {@code
   * running} and clears the error; failure stays pending with the error and backs off.
   *
   * @return the started postmaster (handed to the main thread), null when none runs
   */
  private PostgresProcess recoverOnce(String why) throws InterruptedException {
    ComputeState state = ctx.state();
    log.warn("compute {}: {}; refresh restarts it with a config from {}", ctx.computeId(), why,
        source.describe());
    PostgresProcess started = null;
    String error;
    try {
      ctx.failpoints().hit(Failpoints.SPEC_FETCH);
      ComputeConfig config = source.fetch();
      if (config.spec() == null) {
        onDetached.run();
        return null;
      }
      String problems = SpecChecks.problems(config.spec(), ctx.settings().adminRole());
      if (problems != null) {
        throw new java.io.IOException("could not parse spec: " + problems);
      }
      state.replaceSpec(config.spec(),
          source.carriesComputeCtlConfig() ? config.computeCtlConfig() : null);
      started = starter.start(config.spec());
      if (started == null || Transitions.isTerminating(state.status())) {
        return started;
      }
      if (state.succeed(ComputeStatus.REFRESH_CONFIGURATION)) {
        log.info("compute {}: postgres restarted by refresh: postmaster pid {}", ctx.computeId(),
            started.pid());
      }
      backoff = ctx.settings().refreshBackoffStart();
      nextRefreshNanos = System.nanoTime();
      return started;
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      error = SpecApplication.describe(e);
    }
    retryLater(error);
    return null;
  }

  private void retryLater(String error) {
    ComputeState state = ctx.state();
    log.warn("compute {}: refresh failed, retrying in {} ms: {}", ctx.computeId(),
        backoff.toMillis(), error);
    state.recordError("refresh configuration failed: " + error);
    nextRefreshNanos = System.nanoTime() + backoff.toNanos();
    Duration doubled = backoff.multipliedBy(2);
    backoff = doubled.compareTo(ctx.settings().refreshBackoffMax()) > 0
        ? ctx.settings().refreshBackoffMax() : doubled;
    state.transitionFrom(
        ComputeStatus.REFRESH_CONFIGURATION, ComputeStatus.REFRESH_CONFIGURATION_PENDING);
  }

  /** One refresh attempt; returns null on success, else the error text. */
  private String refreshOnce() throws Exception {
    ComputeState state = ctx.state();
    if (source == null) {
      // Not reached: ComputeNode refuses a refresh without a source before it is queued.
      return NO_SOURCE;
    }
    ctx.failpoints().hit(Failpoints.SPEC_FETCH);
    ComputeConfig config;
    try {
      config = source.fetch();
    } catch (SpecSource.SpecFetchException e) {
      return e.getMessage();
    }
    if (config.spec() == null) {
      log.warn("compute {}: {} has no spec for this compute any more; terminating",
          ctx.computeId(), source.describe());
      onDetached.run();
      return null;
    }
    String problems = SpecChecks.problems(config.spec(), ctx.settings().adminRole());
    if (problems != null) {
      return "could not parse spec: " + problems;
    }
    ComputeState.Snapshot before = state.snapshot();
    ComputeCtlConfig keys = source.carriesComputeCtlConfig() ? config.computeCtlConfig() : null;
    if (keys != null) {
      state.setCtlConfig(keys);
    }
    if (config.spec().equals(before.spec()) && before.error() == null) {
      log.info("compute {}: refreshed config from {} is unchanged; nothing to do",
          ctx.computeId(), source.describe());
      state.succeed(ComputeStatus.REFRESH_CONFIGURATION);
      return null;
    }
    state.replaceSpec(config.spec(), keys);
    application.reconfigure(config.spec(), runningPostgres());
    log.info("compute {}: refreshed config from {} applied", ctx.computeId(), source.describe());
    state.succeed(ComputeStatus.REFRESH_CONFIGURATION);
    return null;
  }

  /** Why Postgres cannot be reconfigured (never started, or exited), empty while it runs. */
  private Optional<String> postgresDown() {
    Optional<PostgresProcess> postgres = ctx.slot().current();
    if (postgres.isEmpty()) {
      return Optional.of("postgres is not running (the start failed)");
    }
    if (!postgres.get().isAlive()) {
      return Optional.of("postgres is not running (postmaster pid " + postgres.get().pid()
          + " exited)");
    }
    return Optional.empty();
  }

  private PostgresProcess runningPostgres() throws java.io.IOException {
    Optional<PostgresProcess> postgres = ctx.slot().current();
    if (postgres.isEmpty() || !postgres.get().isAlive()) {
      throw new java.io.IOException("postgres is not running");
    }
    return postgres.get();
  }
}
