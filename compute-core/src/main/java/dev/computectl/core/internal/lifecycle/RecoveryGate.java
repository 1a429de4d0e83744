package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.port.PostgresProcess;
import java.util.Optional;

/**
 * The hand-over between the main thread, which waits in {@code failed} for a while after its
 * postmaster was lost, and the configurator, which may start a new one on a refresh. While a
 * recovery start is under way the main thread does not decide the exit, so a Postgres started by
 * the configurator always has the main thread waiting for it (never orphaned). A terminate
 * {@link #cancel cancels} the gate, which wakes the main thread at once.
 */
public final class RecoveryGate {

  private boolean open;
  private boolean busy;
  private boolean cancelled;
  private PostgresProcess recovered;

  /** Main thread: the postmaster is gone and the compute waits for a recovery. */
  synchronized void open() {
    if (!cancelled) {
      open = true;
      recovered = null;
    }
  }

  /**
   * Whether a configure in {@code failed} can still start Postgres: the window is open, now or once
   * the start under way ends. A start under way counts: its configure may already have been
   * answered (failed) while the configurator is still finishing it, and the next configure is only
   * taken after it, when {@link #begin} succeeds again unless that start brought Postgres up.
   */
  public synchronized boolean mayRecover() {
    return open && !cancelled;
  }

  /** Configurator: true when it may start Postgres now; it must call {@link #finish} after. */
  public synchronized boolean begin() {
    if (!open || busy || cancelled) {
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

  /** Terminate: no recovery any more; a waiting main thread stops waiting. For good. */
  public synchronized void cancel() {
    cancelled = true;
    notifyAll();
  }

  /**
   * Main thread: waits until a recovery hands over a postmaster, or, with no start under way, the
   * deadline passed or a terminate cancelled the gate. Closes the gate when it gives up.
   */
  synchronized Optional<PostgresProcess> await(long deadlineNanos) throws InterruptedException {
    while (true) {
      if (recovered != null) {
        PostgresProcess p = recovered;
        recovered = null;
        return Optional.of(p);
      }
      long left = deadlineNanos - System.nanoTime();
      if (busy) {
        wait(); // finish() wakes us
      } else if (left <= 0 || cancelled) {
        open = false;
        return Optional.empty();
      } else {
        wait(Math.max(1, left / 1_000_000));
      }
    }
  }
}
