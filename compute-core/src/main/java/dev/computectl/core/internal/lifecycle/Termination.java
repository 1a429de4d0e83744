package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.ComputeOperations.TerminateResult;
import dev.computectl.core.ExitOutcome;
import dev.computectl.spec.ComputeSpec;
import java.util.concurrent.atomic.AtomicReference;
import dev.computectl.core.internal.state.ComputeState;
import dev.computectl.core.port.ChildProcess.ExitStatus;
import dev.computectl.core.port.PostgresPlatform;
import dev.computectl.core.port.PostgresProcess;
import dev.computectl.core.port.Signal;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.api.TerminateMode;
import dev.computectl.spec.api.TerminateResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A terminate, in any status: claims the postmaster, stops it (fast: SIGINT, immediate:
 * SIGQUIT), reads the shutdown checkpoint LSN after a fast stop, and always ends in {@code
 * terminated} so every waiter gets an answer, also when a step fails. It also cancels a pending
 * recovery, so a main thread waiting in {@code failed} for one wakes at once.
 */
public final class Termination {

  private static final Logger log = LoggerFactory.getLogger(Termination.class);

  /** At most this long (or the stop grace, if shorter) a terminate waits for migrations. */
  static final Duration MIGRATION_WAIT = Duration.ofSeconds(5);

  private final String computeId;
  private final ComputeState state;
  private final ProcessSlot slot;
  private final MigrationRun migrationRun;
  private final RecoveryGate recovery;
  private final PostgresPlatform platform;
  private final Duration stopGrace;
  private final AtomicReference<ExitOutcome> forcedOutcome;

  public Termination(String computeId, ComputeState state, ProcessSlot slot,
      MigrationRun migrationRun, RecoveryGate recovery, PostgresPlatform platform,
      Duration stopGrace, AtomicReference<ExitOutcome> forcedOutcome) {
    this.computeId = computeId;
    this.state = state;
    this.slot = slot;
    this.migrationRun = migrationRun;
    this.recovery = recovery;
    this.platform = platform;
    this.stopGrace = stopGrace;
    this.forcedOutcome = forcedOutcome;
  }

  public TerminateResult terminate(TerminateMode mode) throws InterruptedException {
    switch (state.beginTermination(mode)) {
      case ALREADY_TERMINATED:
        return new TerminateResult(new TerminateResponse(state.snapshot().terminateLsn()), true,
            null);
      case ALREADY_PENDING:
        return new TerminateResult(new TerminateResponse(state.awaitTerminated()), false, null);
      default:
        break;
    }
    recovery.cancel();
    ComputeSpec spec = state.spec();
    boolean primary = spec != null && spec.mode().isPrimary();
    Lsn lsn = null;
    String error = null;
    try {
      awaitMigrations();
      if (primary && mode == TerminateMode.FAST) {
        platform.beforeStop(stopGrace);
      }
      Lsn stoppedAt = stopPostgres(mode);
      // Only a Primary's shutdown LSN means anything (Replica and Static answer null), and it is
      // promised only once the storage holds everything up to it.
      lsn = stoppedAt != null && primary ? durable(spec, stoppedAt) : null;
    } catch (DurabilityException e) {
      error = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("compute {}: terminate interrupted", computeId);
    } catch (IOException | RuntimeException e) {
      log.warn("compute {}: error while terminating: {}", computeId, e.toString());
    } finally {
      platform.stopped();
      if (error != null) {
        log.error("compute {}: {}", computeId, error);
        forcedOutcome.set(ExitOutcome.of(1, error));
        state.recordError(error);
      }
      state.finishTermination(lsn);
    }
    log.info("compute {} terminated (mode {}, lsn {})", computeId,
        mode.name().toLowerCase(Locale.ROOT), lsn);
    return new TerminateResult(new TerminateResponse(lsn), false, error);
  }

  private Lsn durable(ComputeSpec spec, Lsn checkpoint) throws DurabilityException {
    try {
      platform.afterStop(spec, checkpoint);
      return checkpoint;
    } catch (IOException e) {
      throw new DurabilityException("postgres stopped at " + checkpoint + ", but its WAL could not"
          + " be made durable in storage: " + e.getMessage());
    }
  }

  /** The stop went fine but the storage could not keep what it stopped at. */
  private static final class DurabilityException extends Exception {
    DurabilityException(String message) {
      super(message);
    }
  }

  /**
   * Lets running migrations end before Postgres goes away, so they neither fail on a closed
   * connection nor log errors during the shutdown. Bounded: a stuck migration does not hold the
   * terminate (its failure is then logged as interrupted by shutdown).
   */
  private void awaitMigrations() throws InterruptedException {
    if (!migrationRun.running()) {
      return;
    }
    Duration bound = stopGrace.compareTo(MIGRATION_WAIT) < 0 ? stopGrace : MIGRATION_WAIT;
    log.info("compute {}: waiting up to {} ms for the migrations before stopping postgres",
        computeId, bound.toMillis());
    if (!migrationRun.await(bound)) {
      log.info("compute {}: migrations still running after {} ms; stopping postgres anyway",
          computeId, bound.toMillis());
    }
  }

  private Lsn stopPostgres(TerminateMode mode) throws IOException, InterruptedException {
    Optional<PostgresProcess> claimed = slot.claim();
    if (claimed.isEmpty()) {
      return null;
    }
    PostgresProcess postgres = claimed.get();
    if (!postgres.isAlive() || postgres.onExit().isDone()) {
      // It stopped before this terminate (crash or failed start): no shutdown checkpoint of ours.
      return null;
    }
    Signal signal = mode == TerminateMode.IMMEDIATE ? Signal.QUIT : Signal.INT;
    log.info("compute {}: stopping postgres pid {} with SIG{}", computeId, postgres.pid(), signal);
    ExitStatus exit = postgres.stop(signal, stopGrace);
    log.info("compute {}: postgres pid {} stopped: {}", computeId, postgres.pid(), exit);
    if (mode == TerminateMode.FAST && !exit.bySignal() && exit.code() == 0) {
      try {
        return platform.shutdownCheckpointLsn();
      } catch (IOException e) {
        log.warn("compute {}: cannot read the shutdown checkpoint LSN: {}", computeId,
            e.getMessage());
      }
    }
    return null;
  }
}
