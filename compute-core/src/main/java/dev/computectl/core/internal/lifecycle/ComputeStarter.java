package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.internal.state.ComputeState;
import dev.computectl.core.internal.state.Transitions;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.port.PgdataResult;
import dev.computectl.core.port.PostgresPlatform;
import dev.computectl.core.port.PostgresProcess;
import dev.computectl.core.port.PostgresSql;
import dev.computectl.core.port.Signal;
import dev.computectl.core.port.StorageEvents;
import dev.computectl.spec.Lsn;
import java.sql.SQLException;
import dev.computectl.spec.ComputeMode;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.Concurrency;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a Postgres up from nothing: prepare PGDATA, write the config, start Postgres, first apply
 * and migrations on a Primary. The first start (main thread) and a recovery start (configurator,
 * after the postmaster was lost) share it; the status change is the caller's.
 */
public final class ComputeStarter {

  private static final Logger log = LoggerFactory.getLogger(ComputeStarter.class);

  private final String computeId;
  private final PostgresPlatform platform;
  private final ProcessSlot slot;
  private final ComputeState state;
  private final StartupTimings timings;
  private final NodeMetrics metrics;
  private final SpecApplication application;
  private final Migrations migrations;
  private final Duration readinessTimeout;
  private final Duration stopGrace;
  private final PostgresSql sql;
  private final StorageEvents storageEvents;
  private static final Duration REPLAY_POLL = Duration.ofMillis(10);

  public ComputeStarter(String computeId, PostgresPlatform platform, ProcessSlot slot,
      ComputeState state, StartupTimings timings, NodeMetrics metrics,
      SpecApplication application, Migrations migrations, Duration readinessTimeout,
      Duration stopGrace, PostgresSql sql, StorageEvents storageEvents) {
    this.computeId = computeId;
    this.platform = platform;
    this.slot = slot;
    this.state = state;
    this.timings = timings;
    this.metrics = metrics;
    this.application = application;
    this.migrations = migrations;
    this.readinessTimeout = readinessTimeout;
    this.stopGrace = stopGrace;
    this.sql = sql;
    this.storageEvents = storageEvents;
  }

  /**
   * @return the ready postmaster, or null when a terminate claimed the slot before the start
   * @throws LifecycleException after stopping and reaping a postmaster this call started, so a
   *     failed start never leaves one behind
   */
  PostgresProcess start(ComputeSpec spec) throws LifecycleException, InterruptedException {
    PostgresProcess postgres;
    boolean replaysArchive;
    try {
      PgdataResult prepared = platform.preparePgdata(spec);
      replaysArchive = prepared.replaysArchive();
      timings.pgdata(prepared.elapsed().toMillis(), prepared.bytes());
      metrics.startupPhase(prepared.restoredTo() != null ? "restore" : "pgdata",
          prepared.elapsed().toMillis());
      log.info("compute {}: PGDATA ready in {} ms: {}, {} bytes{}", computeId,
          prepared.elapsed().toMillis(), prepared.description(), prepared.bytes(),
          prepared.restoredLsn().map(lsn -> ", LSN " + lsn).orElse(""));
      for (String warning : platform.writeConfig(spec).warnings()) {
        log.warn("compute {}: {}", computeId, warning);
      }
      platform.writeOverride("");
      if (!slot.beginStart()) {
        return null;
      }
      long pgStart = System.nanoTime();
      try {
        postgres = platform.start(readinessTimeout);
      } catch (IOException | RuntimeException e) {
        slot.abortStart();
        throw e;
      }
      slot.attach(postgres);
      if (Transitions.isTerminating(state.status())) {
        // The terminating thread stops this postmaster; applying to it would only fail.
        return postgres;
      }
      long startMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pgStart);
      timings.startPostgres(startMs);
      metrics.startupPhase("start_postgres", startMs);
    } catch (IOException e) {
      throw LifecycleException.of(e);
    }

    long configStart = System.nanoTime();
    if (spec.mode() instanceof ComputeMode.Static st) {
      try {
        awaitReplayPaused(st.lsn());
      } catch (LifecycleException | RuntimeException e) {
        quitAndReap(computeId, postgres, stopGrace);
        throw e;
      }
    }
    if (spec.mode() instanceof ComputeMode.Primary && replaysArchive) {
      try {
        awaitEndOfRecovery();
      } catch (LifecycleException | RuntimeException e) {
        quitAndReap(computeId, postgres, stopGrace);
        throw e;
      }
    }
    if (spec.mode() instanceof ComputeMode.Primary && !spec.skipPgCatalogUpdates()) {
      try {
        application.applyWithOverride(spec, Concurrency.forStartup(spec), true, postgres);
      } catch (LifecycleException | RuntimeException e) {
        quitAndReap(computeId, postgres, stopGrace);
        throw e;
      }
      migrations.startFor(spec);
    }
    long configMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - configStart);
    timings.config(configMs);
    metrics.startupPhase("config", configMs);
    platform.started(spec, storageEvents);
    return postgres;
  }

  /**
   * A Primary that storage restored starts as a standby that replays the archive (a fresh or kept
   * cluster is writable once it is ready, crash recovery included); the apply and the migrations
   * need it writable. It is asked to promote as soon as it takes a session: Postgres replays all
   * the WAL the archive holds first, then ends recovery without the synchronous checkpoint that
   * the end of a plain archive recovery waits for (the checkpoint follows in the background).
   */
  private void awaitEndOfRecovery() throws LifecycleException, InterruptedException {
    boolean[] asked = {false};
    Waited waited = awaitReplay(state -> !state.inRecovery(), (watch, state) -> {
      if (!asked[0] && state.inRecovery()) {
        watch.requestPromotion();
        asked[0] = true;
      }
    });
    if (!waited.reached()) {
      throw LifecycleException.of(new IOException("postgres did not finish recovery within "
          + readinessTimeout.toMillis() + " ms" + waited.errorSuffix()));
    }
  }

  /**
   * A Static compute is {@code running} once replay reached its LSN and paused there, so it never
   * answers queries from before its point in time.
   */
  private void awaitReplayPaused(Lsn target) throws LifecycleException, InterruptedException {
    Waited waited = awaitReplay(state -> state.paused() && state.replayed() != null
        && state.replayed().compareTo(target) >= 0, (watch, state) -> { });
    if (!waited.reached()) {
      PostgresSql.ReplayState last = waited.last();
      throw LifecycleException.of(new IOException("the Static compute did not reach LSN "
          + target + " within " + readinessTimeout.toMillis() + " ms (replay is at "
          + (last == null ? "unknown" : last.replayed())
          + (last != null && last.paused() ? ", paused" : "") + waited.errorSuffix() + ")"));
    }
  }

  /** What a wait for replay does with each state it reads that has not reached its goal. */
  @FunctionalInterface
  private interface ReplayStep {
    void seen(PostgresSql.ReplayWatch watch, PostgresSql.ReplayState state) throws SQLException;
  }

  /** How a wait for replay ended: reached, or the last state and error seen. */
  private record Waited(boolean reached, PostgresSql.ReplayState last, SQLException error) {
    String errorSuffix() {
      return error == null ? "" : "; last error: " + error.getMessage();
    }
  }

  /**
   * Looks at replay every few milliseconds on one session (reopened if it is lost) until {@code
   * reached} holds or the readiness timeout passes. The look is cheap; the interval bounds what
   * the wait adds to a start.
   */
  private Waited awaitReplay(java.util.function.Predicate<PostgresSql.ReplayState> reached,
      ReplayStep step) throws InterruptedException {
    long deadline = System.nanoTime() + readinessTimeout.toNanos();
    PostgresSql.ReplayState last = null;
    SQLException error = null;
    PostgresSql.ReplayWatch watch = null;
    try {
      while (System.nanoTime() - deadline < 0) {
        try {
          if (watch == null) {
            watch = sql.watchReplay();
          }
          last = watch.read();
          if (reached.test(last)) {
            return new Waited(true, last, null);
          }
          step.seen(watch, last);
        } catch (SQLException e) {
          error = e;
          if (watch != null) {
            watch.close();
            watch = null;
          }
        }
        Thread.sleep(REPLAY_POLL.toMillis());
      }
      return new Waited(false, last, error);
    } finally {
      if (watch != null) {
        watch.close();
      }
    }
  }

  /** SIGQUIT (then SIGKILL after the grace) and reap, so a failed start leaves nothing behind. */
  static void quitAndReap(String computeId, PostgresProcess postgres, Duration grace) {
    try {
      if (postgres.isAlive()) {
        postgres.stop(Signal.QUIT, grace);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("compute {}: could not stop postgres pid {}: {}", computeId, postgres.pid(),
          e.getMessage());
    }
  }
}
