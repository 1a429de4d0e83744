package dev.computectl.core.testing;

import dev.computectl.core.port.PgdataResult;
import dev.computectl.core.port.PostgresPlatform;
import dev.computectl.core.port.PostgresSql;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Lsn;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PGDATA, config files and the postmaster in memory. Its {@link #sql()} answers SHOW with the
 * config hash the fake postmaster loaded at its last reload.
 */
public final class FakePlatform implements PostgresPlatform {

  public static final Lsn CHECKPOINT = Lsn.parse("0/16B3748");

  public final List<ComputeSpec> writtenSpecs = new CopyOnWriteArrayList<>();
  public final List<String> overrides = new CopyOnWriteArrayList<>();
  /** The spec of each {@link #started} call: after a start, and after a promotion. */
  public final List<ComputeSpec> startedSpecs = new CopyOnWriteArrayList<>();
  public final AtomicInteger prepares = new AtomicInteger();
  public volatile IOException startFailure;
  /** When set, start() blocks until it counts down (a slow postmaster start). */
  public volatile java.util.concurrent.CountDownLatch startGate;
  public final java.util.concurrent.CountDownLatch startEntered =
      new java.util.concurrent.CountDownLatch(1);
  public volatile List<String> configWarnings = List.of();
  public volatile List<PostgresSql.PendingRestart> pendingRestart = List.of();
  public volatile boolean reloadTakesEffect = true;
  /** A fake standby (in recovery until promoted) and the LSN it has replayed. */
  public volatile boolean replica;
  public volatile Lsn replayed = new Lsn(Long.MAX_VALUE);
  /** How often the replay position was read (a promote polls it while it waits). */
  public final AtomicInteger replayReads = new AtomicInteger();
  /** Set once the fake standby was promoted. */
  public volatile boolean promoted;
  /** How often a promotion was asked for without waiting (a restored Primary's start). */
  public final AtomicInteger promotionRequests = new AtomicInteger();
  /** What the next prepares answer (default: a fresh cluster). */
  public volatile PgdataResult prepared;
  /** What pg_file_settings reports as errors in the files (none by default). */
  public volatile List<PostgresSql.FileSettingError> fileErrors = List.of();
  /** What the fake storage needs of a spec (nothing by default). */
  public volatile java.util.function.Function<ComputeSpec, List<dev.computectl.spec.SpecProblem>>
      storageCheck = spec -> List.of();
  volatile String writtenHash;
  volatile String loadedHash;
  private final AtomicInteger hashes = new AtomicInteger();
  private volatile FakePostgres postgres;

  @Override
  public PgdataResult preparePgdata(ComputeSpec spec) {
    prepares.incrementAndGet();
    PgdataResult answer = prepared;
    return answer != null ? answer : new PgdataResult(Duration.ofMillis(7), 4096, "fake initdb");
  }

  @Override
  public void started(ComputeSpec spec, dev.computectl.core.port.StorageEvents events) {
    startedSpecs.add(spec);
  }

  @Override
  public WrittenConfig writeConfig(ComputeSpec spec) {
    writtenSpecs.add(spec);
    writtenHash = "hash-" + hashes.incrementAndGet();
    return new WrittenConfig(writtenHash, configWarnings);
  }

  @Override
  public void writeOverride(String content) {
    overrides.add(content);
  }

  @Override
  public FakePostgres start(Duration readinessTimeout) throws IOException {
    startEntered.countDown();
    if (startGate != null) {
      try {
        startGate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    if (startFailure != null) {
      throw startFailure;
    }
    loadedHash = writtenHash;
    postgres = new FakePostgres(4242, this);
    return postgres;
  }

  @Override
  public List<dev.computectl.spec.SpecProblem> check(ComputeSpec spec) {
    return storageCheck.apply(spec);
  }

  @Override
  public Lsn shutdownCheckpointLsn() {
    return CHECKPOINT;
  }

  public FakePostgres postgres() {
    return postgres;
  }

  public PostgresSql sql() {
    return new PostgresSql() {
      @Override
      public String show(String setting) {
        if (setting.equals("transaction_read_only")) {
          return replica && !promoted ? "on" : "off";
        }
        return reloadTakesEffect ? loadedHash : "stale";
      }

      @Override
      public boolean promote() {
        promoted = true;
        return true;
      }

      @Override
      public void requestPromotion() {
        promotionRequests.incrementAndGet();
        promoted = true;
      }

      @Override
      public ReplayState replayState() {
        replayReads.incrementAndGet();
        return new ReplayState(!promoted && replica, true, replayed);
      }

      @Override
      public List<PendingRestart> pendingRestart() {
        return pendingRestart;
      }

      @Override
      public List<FileSettingError> fileSettingErrors() {
        return fileErrors;
      }
    };
  }
}
