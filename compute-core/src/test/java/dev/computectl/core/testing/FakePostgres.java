package dev.computectl.core.testing;

import dev.computectl.core.port.PostgresProcess;
import dev.computectl.core.port.ChildProcess.ExitStatus;
import dev.computectl.core.port.Signal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A postmaster that exists only in memory: reloads are counted, stops complete the exit. */
public final class FakePostgres implements PostgresProcess {

  private final long pid;
  private final FakePlatform platform;
  private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
  final AtomicInteger reloads = new AtomicInteger();
  final List<Signal> stopSignals = new CopyOnWriteArrayList<>();

  FakePostgres(long pid, FakePlatform platform) {
    this.pid = pid;
    this.platform = platform;
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public boolean isAlive() {
    return !exit.isDone();
  }

  @Override
  public CompletableFuture<ExitStatus> onExit() {
    return exit;
  }

  @Override
  public void reload() {
    reloads.incrementAndGet();
    platform.loadedHash = platform.writtenHash;
  }

  @Override
  public ExitStatus stop(Signal signal, Duration grace) {
    stopSignals.add(signal);
    exit.complete(ExitStatus.exited(0));
    return exit.join();
  }

  /** Simulates a crash or kill -9. */
  public void die(ExitStatus status) {
    exit.complete(status);
  }

  public int reloads() {
    return reloads.get();
  }

  public List<Signal> stopSignals() {
    return List.copyOf(stopSignals);
  }
}
