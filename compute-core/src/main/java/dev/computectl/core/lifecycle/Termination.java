package dev.computectl.core.lifecycle;

import dev.computectl.core.ComputeOperations.TerminateResult;
import dev.computectl.core.postgres.ChildProcess.ExitStatus;
import dev.computectl.core.postgres.Signal;
import dev.computectl.core.state.ComputeState;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.api.TerminateMode;
import dev.computectl.spec.api.TerminateResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A terminate, in any status (D2, D3): claims the postmaster, stops it (fast: SIGINT, immediate:
 * SIGQUIT), reads the shutdown checkpoint LSN after a fast stop, and always ends in {@code
 * terminated} so every waiter gets an answer, also when a step fails.
 */
public final class Termination {

  private static final Logger log = LoggerFactory.getLogger(Termination.class);

  /** At most this long (or the stop grace, if shorter) a terminate waits for migrations. */
  static final Duration MIGRATION_WAIT = Duration.ofSeconds(5);

  private final NodeContext ctx;

  public Termination(NodeContext ctx) {
    this.ctx = ctx;
  }

  public TerminateResult terminate(TerminateMode mode) throws InterruptedException {
    ComputeState state = ctx.state();
    switch (state.beginTermination(mode)) {
      case ALREADY_TERMINATED:
        return new TerminateResult(new TerminateResponse(state.snapshot().terminateLsn()), true);
      case ALREADY_PENDING:
        return new TerminateResult(new TerminateResponse(state.awaitTerminated()), false);
      default:
        break;
    }
    Lsn lsn = null;
    try {
      awaitMigrations();
      lsn = stopPostgres(mode);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("compute {}: terminate interrupted", ctx.computeId());
    } catch (Exception e) {
      log.warn("compute {}: error while terminating: {}", ctx.computeId(), e.toString());
    } finally {
      state.finishTermination(lsn);
    }
    log.info("compute {} terminated (mode {}, lsn {})", ctx.computeId(),
        mode.name().toLowerCase(java.util.Locale.ROOT), lsn);
    return new TerminateResult(new TerminateResponse(lsn), false);
  }

  /**
   * Lets running migrations end before Postgres goes away, so they neither fail on a closed
   * connection nor log errors during the shutdown. Bounded: a stuck migration does not hold the
   * terminate (its failure is then logged as interrupted by shutdown).
   */
  private void awaitMigrations() throws InterruptedException {
    if (!ctx.migrationRun().running()) {
      return;
    }
    Duration bound = ctx.settings().stopGrace().compareTo(MIGRATION_WAIT) < 0
        ? ctx.settings().stopGrace() : MIGRATION_WAIT;
    log.info("compute {}: waiting up to {} ms for the migrations before stopping postgres",
        ctx.computeId(), bound.toMillis());
    if (!ctx.migrationRun().await(bound)) {
      log.info("compute {}: migrations still running after {} ms; stopping postgres anyway",
          ctx.computeId(), bound.toMillis());
    }
  }

  private Lsn stopPostgres(TerminateMode mode) throws Exception {
    Optional<PostgresProcess> claimed = ctx.slot().claim();
    if (claimed.isEmpty()) {
      return null;
    }
    PostgresProcess postgres = claimed.get();
    if (!postgres.isAlive() || postgres.onExit().isDone()) {
      // It stopped before this terminate (crash or failed start): no shutdown checkpoint of ours.
      return null;
    }
    Signal signal = mode == TerminateMode.IMMEDIATE ? Signal.QUIT : Signal.INT;
    log.info("compute {}: stopping postgres pid {} with SIG{}", ctx.computeId(), postgres.pid(),
        signal);
    ExitStatus exit = postgres.stop(signal, ctx.settings().stopGrace());
    log.info("compute {}: postgres pid {} stopped: {}", ctx.computeId(), postgres.pid(), exit);
    if (mode == TerminateMode.FAST && !exit.bySignal() && exit.code() == 0) {
      try {
        return ctx.platform().shutdownCheckpointLsn();
      } catch (Exception e) {
        log.warn("compute {}: cannot read the shutdown checkpoint LSN: {}", ctx.computeId(),
            e.getMessage());
      }
    }
    return null;
  }
}
