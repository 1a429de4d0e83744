package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.port.PostgresProcess;

import java.util.Optional;

/**
 * Where the running postmaster is kept. It settles the race between the main thread starting
 * Postgres and a terminate: after {@link #claim()} no new start begins, and a start already under
 * way is waited for, so the terminating thread always gets the process it must stop and a
 * Postgres is never orphaned (docs/decisions.md#never-orphan-a-postgres).
 */
public final class ProcessSlot {

  private PostgresProcess process;
  private boolean starting;
  private boolean closed;

  /** @return false when a terminate already claimed the slot: do not start Postgres */
  public synchronized boolean beginStart() {
    if (closed) {
      return false;
    }
    starting = true;
    return true;
  }

  /** Stores the started process (also after a claim: the claimer then stops it). */
  public synchronized void attach(PostgresProcess started) {
    process = started;
    starting = false;
    notifyAll();
  }

  /** The start failed; nothing to attach. */
  public synchronized void abortStart() {
    starting = false;
    notifyAll();
  }

  public synchronized Optional<PostgresProcess> current() {
    return Optional.ofNullable(process);
  }

  /** Closes the slot for new starts and returns the process, waiting for a start under way. */
  public synchronized Optional<PostgresProcess> claim() throws InterruptedException {
    closed = true;
    while (starting) {
      wait();
    }
    return Optional.ofNullable(process);
  }
}
