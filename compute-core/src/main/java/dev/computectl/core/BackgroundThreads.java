package dev.computectl.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The configurator and monitor threads of one compute ({@code <computeId>-configurator}, {@code
 * <computeId>-monitor}), started once when the first start begins and joined on close.
 */
final class BackgroundThreads {

  private final String computeId;
  private final Runnable configurator;
  private final Runnable monitor;
  private final AtomicBoolean started = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();

  /** @param monitor null when the compute runs without an activity monitor */
  BackgroundThreads(String computeId, Runnable configurator, Runnable monitor) {
    this.computeId = computeId;
    this.configurator = configurator;
    this.monitor = monitor;
  }

  synchronized void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    threads.add(startDaemon(configurator, "configurator"));
    if (monitor != null) {
      threads.add(startDaemon(monitor, "monitor"));
    }
  }

  private Thread startDaemon(Runnable task, String role) {
    Thread t = new Thread(ComputeLogContext.bound(computeId, task), computeId + "-" + role);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits up to {@code timeout} for each thread; they end once the compute terminates. */
  void join(Duration timeout) throws InterruptedException {
    List<Thread> copy;
    synchronized (this) {
      copy = List.copyOf(threads);
    }
    for (Thread t : copy) {
      t.join(timeout.toMillis());
    }
  }
}
