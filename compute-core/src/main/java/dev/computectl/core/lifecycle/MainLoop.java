package dev.computectl.core.lifecycle;

import dev.computectl.core.ExitOutcome;
import dev.computectl.core.postgres.ChildProcess.ExitStatus;
import dev.computectl.core.postgres.Signal;
import dev.computectl.core.state.ComputeState;
import dev.computectl.core.state.Transitions;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main lifecycle thread of one compute (§3, §10.2): wait for a spec, prepare PGDATA, write
 * the config, start Postgres, apply the spec on a Primary, go {@code running}, then wait for the
 * postmaster. The outcome completes {@link #exit()}.
 */
public final class MainLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(MainLoop.class);

  private final NodeContext ctx;
  private final Runnable startBackgroundThreads;
  private final ComputeStarter starter;
  private final CompletableFuture<ExitOutcome> exit = new CompletableFuture<>();
  private volatile ExitOutcome forcedOutcome;

  public MainLoop(NodeContext ctx, Runnable startBackgroundThreads) {
    this.ctx = ctx;
    this.startBackgroundThreads = startBackgroundThreads;
    this.starter = new ComputeStarter(ctx);
  }

  public CompletableFuture<ExitOutcome> exit() {
    return exit;
  }

  /** Makes the outcome non-zero whatever Postgres exits with (e.g. the compute was detached). */
  public void forceOutcome(ExitOutcome outcome) {
    forcedOutcome = outcome;
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
      log.error("compute {}: main thread failed", ctx.computeId(), e);
      ctx.state().fail("internal error: " + e);
      stopAfterFailure();
      outcome = ExitOutcome.of(1, "internal error: " + e);
    }
    ExitOutcome forced = forcedOutcome;
    if (forced != null) {
      outcome = forced;
    }
    log.info("compute {} lifecycle ended: code {} ({})", ctx.computeId(), outcome.code(),
        outcome.reason());
    exit.complete(outcome);
  }

  private ExitOutcome lifecycle() throws InterruptedException {
    ComputeState state = ctx.state();
    long waitStart = ctx.clock().millis();
    ComputeStatus seen =
        state.awaitStatus(
            s -> s == ComputeStatus.CONFIGURATION_PENDING
                || Transitions.isTerminating(s)
                || (s == ComputeStatus.EMPTY && state.spec() != null),
            null);
    boolean fromConfigure = seen == ComputeStatus.CONFIGURATION_PENDING;
    if (!(state.transitionFrom(ComputeStatus.EMPTY, ComputeStatus.INIT)
        || state.transitionFrom(ComputeStatus.CONFIGURATION_PENDING, ComputeStatus.INIT))) {
      state.awaitTerminated();
      return ExitOutcome.of(0, "terminated before Postgres was started");
    }
    if (fromConfigure) {
      ctx.timings().waitForSpec(ctx.clock().millis() - waitStart);
    }
    state.markStarted();
    startBackgroundThreads.run();
    ComputeSpec spec = state.spec();
    PostgresProcess postgres;
    try {
      postgres = startCompute(spec);
    } catch (Exception e) {
      String error = "compute start failed: " + SpecApplication.describe(e);
      if (Transitions.isTerminating(state.status())) {
        log.info("compute {}: startup stopped by a terminate ({})", ctx.computeId(),
            e.getMessage());
        return afterTermination();
      }
      log.error("compute {}: {}", ctx.computeId(), error, e);
      openRecovery();
      state.fail(error);
      stopAfterFailure();
      return lingerOrExit(ExitOutcome.of(1, error));
    }
    if (postgres == null) {
      return afterTermination();
    }
    ExitOutcome outcome = waitForPostmaster(postgres);
    return Transitions.isTerminating(state.status()) ? outcome : lingerOrExit(outcome);
  }

  /** Steps 2-5 of the startup; returns null when a terminate stopped it before Postgres ran. */
  private PostgresProcess startCompute(ComputeSpec spec) throws Exception {
    long start = ctx.state().snapshot().startTime().toEpochMilli();
    PostgresProcess postgres = starter.start(spec);
    if (postgres == null || Transitions.isTerminating(ctx.state().status())) {
      return postgres;
    }
    long total = Math.max(0, ctx.clock().millis() - start);
    ctx.timings().totalStartup(total);
    ctx.metrics().startupPhase("total", total);
    if (ctx.state().transitionFrom(ComputeStatus.INIT, ComputeStatus.RUNNING)) {
      log.info("compute {} started: postmaster pid {}, {}", ctx.computeId(), postgres.pid(),
          ctx.timings().summary());
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
    while (!ctx.settings().recoveryWindow().isZero()
        && !Transitions.isTerminating(ctx.state().status())) {
      log.info("compute {}: waiting up to {} ms for a refresh to restart postgres",
          ctx.computeId(), ctx.settings().recoveryWindow().toMillis());
      Optional<PostgresProcess> next = ctx.recovery().await(
          System.nanoTime() + ctx.settings().recoveryWindow().toNanos(),
          () -> Transitions.isTerminating(ctx.state().status()));
      if (next.isEmpty()) {
        break;
      }
      log.info("compute {}: recovered with postmaster pid {}", ctx.computeId(), next.get().pid());
      current = waitForPostmaster(next.get());
    }
    if (Transitions.isTerminating(ctx.state().status())) {
      ctx.state().awaitTerminated();
    }
    return current;
  }

  /** Step 6: block until the postmaster exits, then decide the outcome. */
  private ExitOutcome waitForPostmaster(PostgresProcess postgres) throws InterruptedException {
    ExitStatus status;
    try {
      status = postgres.onExit().get();
    } catch (java.util.concurrent.ExecutionException e) {
      status = ExitStatus.exited(1);
    }
    ComputeState state = ctx.state();
    if (Transitions.isTerminating(state.status())) {
      state.awaitTerminated();
      return status.bySignal()
          ? ExitOutcome.of(1, "postgres " + describe(status) + " during terminate")
          : ExitOutcome.of(status.code(), "postgres stopped after terminate");
    }
    String error = "postgres exited unexpectedly: " + describe(status);
    log.error("compute {}: {}", ctx.computeId(), error);
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
    if (!ctx.settings().recoveryWindow().isZero()) {
      ctx.recovery().open();
    }
  }

  private ExitOutcome afterTermination() throws InterruptedException {
    ctx.state().awaitTerminated();
    return ExitOutcome.of(0, "terminated during startup");
  }

  /** After a failed start Postgres gets SIGQUIT (then SIGKILL) and is reaped (D7). */
  private void stopAfterFailure() {
    ctx.slot().current().ifPresent(p -> {
      try {
        if (p.isAlive()) {
          p.stop(Signal.QUIT, ctx.settings().stopGrace());
        }
      } catch (Exception e) {
        log.warn("compute {}: could not stop postgres pid {}: {}", ctx.computeId(), p.pid(),
            e.getMessage());
      }
    });
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
