package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.ExitOutcome;
import dev.computectl.core.internal.state.ComputeState;
import dev.computectl.core.internal.state.Transitions;
import dev.computectl.core.internal.state.Trigger;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.port.ChildProcess.ExitStatus;
import dev.computectl.core.port.PostgresProcess;
import dev.computectl.core.port.Signal;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main lifecycle thread of one compute: wait for a spec, prepare PGDATA, write the config,
 * start Postgres, apply the spec on a Primary, go {@code running}, then wait for the postmaster.
 * The outcome completes {@link #exit()}.
 */
public final class MainLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(MainLoop.class);

  private final String computeId;
  private final ComputeState state;
  private final ComputeStarter starter;
  private final ProcessSlot slot;
  private final RecoveryGate recovery;
  private final StartupTimings timings;
  private final NodeMetrics metrics;
  private final Clock clock;
  private final Duration recoveryWindow;
  private final Duration stopGrace;
  private final Runnable startBackgroundThreads;
  private final AtomicReference<ExitOutcome> forcedOutcome;
  private final CompletableFuture<ExitOutcome> exit = new CompletableFuture<>();

  /**
   * @param startBackgroundThreads run once the first start begins (the configurator and monitor)
   * @param forcedOutcome when set, the outcome whatever Postgres exits with (a control plane that
   *     detached the compute sets it)
   */
  public MainLoop(String computeId, ComputeState state, ComputeStarter starter, ProcessSlot slot,
      RecoveryGate recovery, StartupTimings timings, NodeMetrics metrics, Clock clock,
      Duration recoveryWindow, Duration stopGrace, Runnable startBackgroundThreads,
      AtomicReference<ExitOutcome> forcedOutcome) {
    this.computeId = computeId;
    this.state = state;
    this.starter = starter;
    this.slot = slot;
    this.recovery = recovery;
    this.timings = timings;
    this.metrics = metrics;
    this.clock = clock;
    this.recoveryWindow = recoveryWindow;
    this.stopGrace = stopGrace;
    this.startBackgroundThreads = startBackgroundThreads;
    this.forcedOutcome = forcedOutcome;
  }

  public CompletableFuture<ExitOutcome> exit() {
    return exit;
  }

  @Override
  public void run() {
    ExitOutcome outcome;
    try {
      outcome = lifecycle();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = ExitOutcome.of(1, "main thread interrupted");
    } catch (RuntimeException | Error e) {
      log.error("compute {}: main thread failed", computeId, e);
      state.fail("internal error: " + e);
      stopAfterFailure();
      outcome = ExitOutcome.of(1, "internal error: " + e);
    }
    ExitOutcome forced = forcedOutcome.get();
    if (forced != null) {
      outcome = forced;
    }
    log.info("compute {} lifecycle ended: code {} ({})", computeId, outcome.code(),
        outcome.reason());
    exit.complete(outcome);
  }

  private ExitOutcome lifecycle() throws InterruptedException {
    long waitStart = clock.millis();
    ComputeStatus seen =
        state.awaitStatus(
            s -> s == ComputeStatus.CONFIGURATION_PENDING
                || Transitions.isTerminating(s)
                || (s == ComputeStatus.EMPTY && state.spec() != null),
            null);
    if (!state.fire(Trigger.BEGIN_START)) {
      state.awaitTerminated();
      return ExitOutcome.of(0, "terminated before Postgres was started");
    }
    if (seen == ComputeStatus.CONFIGURATION_PENDING) {
      timings.waitForSpec(clock.millis() - waitStart);
    }
    state.markStarted();
    startBackgroundThreads.run();
    PostgresProcess postgres;
    try {
      postgres = startCompute(state.spec());
    } catch (LifecycleException e) {
      String error = "compute start failed: " + e.getMessage();
      if (Transitions.isTerminating(state.status())) {
        log.info("compute {}: startup stopped by a terminate ({})", computeId, e.getMessage());
        return afterTermination();
      }
      log.error("compute {}: {}", computeId, error, e);
      openRecovery();
      state.fail(error);
      stopAfterFailure();
      return lingerOrExit(ExitOutcome.startFailure(error));
    }
    if (postgres == null) {
      return afterTermination();
    }
    ExitOutcome outcome = waitForPostmaster(postgres);
    return Transitions.isTerminating(state.status()) ? outcome : lingerOrExit(outcome);
  }

  /** Starts Postgres; returns null when a terminate stopped it before Postgres ran. */
  private PostgresProcess startCompute(ComputeSpec spec)
      throws LifecycleException, InterruptedException {
    long start = state.snapshot().startTime().toEpochMilli();
    PostgresProcess postgres = starter.start(spec);
    if (postgres == null || Transitions.isTerminating(state.status())) {
      return postgres;
    }
    long total = Math.max(0, clock.millis() - start);
    timings.totalStartup(total);
    metrics.startupPhase("total", total);
    if (state.fire(Trigger.STARTED)) {
      log.info("compute {} started: postmaster pid {}, {}", computeId, postgres.pid(),
          timings.summary());
    }
    return postgres;
  }

  /**
   * After the postmaster was lost (or never started) the compute stays {@code failed} for the
   * recovery window; a refresh in that time may start a new postmaster, which this thread then
   * waits for instead of exiting. Without one the original outcome stands.
   */
  private ExitOutcome lingerOrExit(ExitOutcome outcome) throws InterruptedException {
    ExitOutcome current = outcome;
    while (!recoveryWindow.isZero() && !Transitions.isTerminating(state.status())) {
      log.info("compute {}: waiting up to {} ms for a refresh to restart postgres", computeId,
          recoveryWindow.toMillis());
      Optional<PostgresProcess> next = recovery.await(System.nanoTime() + recoveryWindow.toNanos());
      if (next.isEmpty()) {
        break;
      }
      log.info("compute {}: recovered with postmaster pid {}", computeId, next.get().pid());
      current = waitForPostmaster(next.get());
    }
    if (Transitions.isTerminating(state.status())) {
      state.awaitTerminated();
    }
    return current;
  }

  /** Blocks until the postmaster exits, then decides the outcome. */
  private ExitOutcome waitForPostmaster(PostgresProcess postgres) throws InterruptedException {
    ExitStatus status;
    try {
      status = postgres.onExit().get();
    } catch (ExecutionException e) {
      status = ExitStatus.exited(1);
    }
    if (Transitions.isTerminating(state.status())) {
      state.awaitTerminated();
      return status.bySignal()
          ? ExitOutcome.of(1, "postgres " + describe(status) + " during terminate")
          : ExitOutcome.of(status.code(), "postgres stopped after terminate");
    }
    String error = "postgres exited unexpectedly: " + describe(status);
    log.error("compute {}: {}", computeId, error);
    openRecovery();
    if (!state.fail(error)) {
      state.recordError(error);
    }
    int code = status.bySignal() || status.code() == 0 ? 1 : status.code();
    return ExitOutcome.of(code, error);
  }

  /**
   * Lets a refresh start Postgres again. Opened before {@code failed} is set, so a refresh that
   * sees {@code failed} always finds the gate open while the window lasts.
   */
  private void openRecovery() {
    if (!recoveryWindow.isZero()) {
      recovery.open();
    }
  }

  private ExitOutcome afterTermination() throws InterruptedException {
    state.awaitTerminated();
    return ExitOutcome.of(0, "terminated during startup");
  }

  /** After a failed start Postgres gets SIGQUIT (then SIGKILL) and is reaped. */
  private void stopAfterFailure() {
    slot.current().ifPresent(p -> ComputeStarter.quitAndReap(computeId, p, stopGrace));
  }

  /** "exit code 3" or "killed by signal 9 (SIGKILL)". */
  public static String describe(ExitStatus status) {
    if (!status.bySignal()) {
      return "exit code " + status.code();
    }
    for (Signal s : Signal.values()) {
      if (s.number() == status.signal()) {
        return "killed by signal " + status.signal() + " (SIG" + s.name() + ")";
      }
    }
    String name = switch (status.signal()) {
      case 6 -> " (SIGABRT)";
      case 11 -> " (SIGSEGV)";
      default -> "";
    };
    return "killed by signal " + status.signal() + name;
  }
}
