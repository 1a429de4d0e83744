package dev.computectl.core.lifecycle;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The hand-over between the main thread, which waits in {@code failed} for a while after its
 * postmaster was lost, and the configurator, which may start a new one on a refresh. While a
 * recovery start is under way the main thread does not decide the exit, so a Postgres started by
 * the configurator always has the main thread waiting for it (never orphaned).
 */
public final class RecoveryGate {

  private static final long POLL_MILLIS = 100;

  private boolean open;
  private boolean busy;
  private PostgresProcess recovered;

  /** Main thread: the postmaster is gone and the compute waits for a recovery. */
  synchronized void open() {
    open = true;
    recovered = null;
  }

  /** Configurator: true when it may start Postgres now; it must call {@link #finish} after. */
  public synchronized boolean begin() {
    if (!open || busy) {
      return false;
    }
    busy = true;
    return true;
  }

  /** Configurator: the recovery start ended; {@code started} null when it failed. */
  public synchronized void finish(PostgresProcess started) {
    busy = false;
    if (started != null) {
      recovered = started;
      open = false;
    }
    notifyAll();
  }

  /**
   * Main thread: waits until a recovery hands over a postmaster, or, with no start under way, the
   * deadline passed or {@code stop} says so (a terminate). Closes the gate when it gives up.
   */
  synchronized Optional<PostgresProcess> await(long deadlineNanos, BooleanSupplier stop)
      throws InterruptedException {
    while (true) {
      if (recovered != null) {
        PostgresProcess p = recovered;
        recovered = null;
        return Optional.of(p);
      }
      long left = deadlineNanos - System.nanoTime();
      if (!busy && (left <= 0 || stop.getAsBoolean())) {
        open = false;
        return Optional.empty();
      }
      // Bounded so a terminate (which does not know this gate) is seen promptly.
      wait(busy ? POLL_MILLIS : Math.max(1, Math.min(POLL_MILLIS, left / 1_000_000)));
    }
  }
}
