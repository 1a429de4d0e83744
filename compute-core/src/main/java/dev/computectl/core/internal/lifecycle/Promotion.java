package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.ComputeException;
import dev.computectl.core.internal.state.ComputeState;
import dev.computectl.core.port.PostgresPlatform;
import dev.computectl.core.port.PostgresProcess;
import dev.computectl.core.port.PostgresSql;
import dev.computectl.core.port.StorageEvents;
import dev.computectl.spec.ComputeMode;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import dev.computectl.spec.api.PromoteConfig;
import dev.computectl.spec.api.PromoteState;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /promote}, Neon's takeover: a running Replica waits until it has replayed the
 * primary's last flushed LSN, promotes itself, checks that it accepts writes, and from then on
 * runs the given spec as a Primary (config rewritten and reloaded, spec applied). A second call
 * while one runs waits for the same outcome; after a success every call answers {@code completed}
 * again without doing anything.
 */
public final class Promotion {

  private static final Logger log = LoggerFactory.getLogger(Promotion.class);
  private static final Duration POLL = Duration.ofMillis(10);

  private final String computeId;
  private final ComputeState state;
  private final PostgresSql sql;
  private final PostgresPlatform platform;
  private final SpecApplication application;
  private final ProcessSlot slot;
  private final Duration catchUpBound;
  private final StorageEvents storageEvents;
  private final Object lock = new Object();
  private CompletableFuture<PromoteState> running;
  private PromoteState.Completed done;

  /** @param catchUpBound how long the replica may take to replay up to the primary's LSN */
  public Promotion(String computeId, ComputeState state, PostgresSql sql, PostgresPlatform platform,
      SpecApplication application, ProcessSlot slot, Duration catchUpBound,
      StorageEvents storageEvents) {
    this.computeId = computeId;
    this.state = state;
    this.sql = sql;
    this.platform = platform;
    this.application = application;
    this.slot = slot;
    this.catchUpBound = catchUpBound;
    this.storageEvents = storageEvents;
  }

  /** @throws ComputeException.InvalidState when this is not a running Replica (HTTP 412) */
  public PromoteState promote(PromoteConfig config)
      throws ComputeException.InvalidState, InterruptedException {
    CompletableFuture<PromoteState> outcome;
    synchronized (lock) {
      if (done != null) {
        return done;
      }
      if (running != null) {
        outcome = running;
      } else {
        refuseUnlessRunningReplica();
        running = new CompletableFuture<>();
        outcome = null;
      }
    }
    if (outcome != null) {
      try {
        return outcome.get();
      } catch (ExecutionException e) {
        return new PromoteState.Failed(String.valueOf(e.getCause()));
      }
    }
    PromoteState result = run(config);
    synchronized (lock) {
      if (result instanceof PromoteState.Completed c) {
        done = c;
      }
      running.complete(result);
      running = null;
    }
    return result;
  }

  private void refuseUnlessRunningReplica() throws ComputeException.InvalidState {
    ComputeState.Snapshot s = state.snapshot();
    ComputeMode mode = s.spec() == null ? null : s.spec().mode();
    if (!(mode instanceof ComputeMode.Replica) || s.status() != ComputeStatus.RUNNING) {
      throw new ComputeException.InvalidState(s.status(), "promote needs a running Replica;"
          + " this compute is " + (mode == null ? "without a spec" : "a " + ComputeMode.typeName(mode))
          + " in status " + s.status().label());
    }
  }

  private PromoteState run(PromoteConfig config) throws InterruptedException {
    long t0 = System.nanoTime();
    try {
      Optional<String> behind = awaitReplayed(config.walFlushLsn());
      if (behind.isPresent()) {
        return failed(behind.get());
      }
      long t1 = System.nanoTime();
      if (!sql.promote()) {
        return failed("pg_promote did not finish within 60 s");
      }
      if (!"off".equals(sql.show("transaction_read_only"))) {
        return failed("postgres still refuses writes after pg_promote");
      }
      long t2 = System.nanoTime();
      ComputeSpec spec = keepPort(config.spec(), state.spec());
      PostgresProcess postgres = slot.current().filter(PostgresProcess::isAlive)
          .orElseThrow(() -> new IOException("postgres is not running"));
      state.replaceSpec(spec, null);
      platform.writeConfig(spec).warnings().forEach(w -> log.warn("compute {}: {}", computeId, w));
      postgres.reload();
      if (spec.mode().isPrimary() && !spec.skipPgCatalogUpdates()) {
        application.applyWithOverride(spec, spec.reconfigureConcurrency(), false, postgres);
      }
      // A Primary now: the storage starts what a Primary's start would (its backups).
      platform.started(spec, storageEvents);
      long t3 = System.nanoTime();
      log.info("compute {}: promoted to Primary (waited {} ms for LSN {}, pg_promote {} ms,"
          + " reconfigure {} ms)", computeId, ms(t1 - t0), config.walFlushLsn(), ms(t2 - t1),
          ms(t3 - t2));
      return new PromoteState.Completed(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2));
    } catch (SQLException | IOException | LifecycleException e) {
      return failed(e.getMessage());
    }
  }

  /** Empty once the replica replayed up to {@code target}; why not, after the bound. */
  private Optional<String> awaitReplayed(Lsn target) throws InterruptedException, SQLException {
    long deadline = System.nanoTime() + catchUpBound.toNanos();
    PostgresSql.ReplayState last;
    try (PostgresSql.ReplayWatch watch = sql.watchReplay()) {
      do {
        last = watch.read();
        if (last.replayed() != null && last.replayed().compareTo(target) >= 0) {
          return Optional.empty();
        }
        Thread.sleep(POLL.toMillis());
      } while (System.nanoTime() - deadline < 0);
    }
    return Optional.of("the replica didn't catch up with the primary within "
        + catchUpBound.toSeconds() + " s: it replayed up to " + last.replayed()
        + ", the primary flushed " + target);
  }

  /**
   * The promoted compute keeps listening where it listens: the new spec's {@code port} setting
   * (the old primary's, most likely) gives way to the replica's own one, or goes when the replica
   * had none (its connection string's port then applies).
   */
  public static ComputeSpec keepPort(ComputeSpec next, ComputeSpec current) throws IOException {
    Optional<String> own = current == null ? Optional.empty() : current.cluster().setting("port");
    if (own.equals(next.cluster().setting("port"))) {
      return next;
    }
    try {
      return SpecJson.withSetting(next, "port", own.orElse(null), "integer");
    } catch (SpecParseException e) {
      throw new IOException("the promoted spec did not survive keeping the port: "
          + e.getMessage(), e);
    }
  }

  private PromoteState failed(String error) {
    log.error("compute {}: promote failed: {}", computeId, error);
    return new PromoteState.Failed(error);
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
