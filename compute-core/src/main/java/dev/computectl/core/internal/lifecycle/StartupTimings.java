package dev.computectl.core.internal.lifecycle;

import dev.computectl.spec.api.ComputeMetrics;
import java.util.concurrent.atomic.AtomicLong;

/** The startup timings of {@code /metrics.json}, written by the main thread, read by anyone. */
public final class StartupTimings {

  private final AtomicLong waitForSpecMs = new AtomicLong();
  private final AtomicLong basebackupMs = new AtomicLong();
  private final AtomicLong basebackupBytes = new AtomicLong();
  private final AtomicLong startPostgresMs = new AtomicLong();
  private final AtomicLong configMs = new AtomicLong();
  private final AtomicLong totalStartupMs = new AtomicLong();

  public void waitForSpec(long ms) {
    waitForSpecMs.set(ms);
  }

  public void pgdata(long ms, long bytes) {
    basebackupMs.set(ms);
    basebackupBytes.set(bytes);
  }

  public void startPostgres(long ms) {
    startPostgresMs.set(ms);
  }

  public void config(long ms) {
    configMs.set(ms);
  }

  public void totalStartup(long ms) {
    totalStartupMs.set(ms);
  }

  public ComputeMetrics toComputeMetrics() {
    return new ComputeMetrics(
        waitForSpecMs.get(), 0, 0, 0, basebackupMs.get(), basebackupBytes.get(),
        startPostgresMs.get(), configMs.get(), totalStartupMs.get(), 0, 0, 0, 0);
  }

  /** One line with every timing, for the "compute started" log. */
  public String summary() {
    return "wait_for_spec_ms=" + waitForSpecMs.get()
        + " basebackup_ms=" + basebackupMs.get()
        + " basebackup_bytes=" + basebackupBytes.get()
        + " start_postgres_ms=" + startPostgresMs.get()
        + " config_ms=" + configMs.get()
        + " total_startup_ms=" + totalStartupMs.get();
  }
}
