package dev.computectl.launcher;

import dev.computectl.spec.ComputeStatus;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * After a failed start compute_ctl keeps its HTTP servers up for a while (status {@code failed}
 * with the error) so the control plane that started it can read why, as Neon's does; a terminate
 * (from {@code POST /terminate} or a signal) ends the wait at once.
 */
final class FailedStartDelay {

  private static final Duration POLL = Duration.ofMillis(50);

  private final Duration delay;
  private final Supplier<ComputeStatus> status;

  FailedStartDelay(Duration delay, Supplier<ComputeStatus> status) {
    this.delay = delay;
    this.status = status;
  }

  /** @return true when a terminate ended the wait, false when the delay ran out (or was zero) */
  boolean await() throws InterruptedException {
    long deadline = System.nanoTime() + delay.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (status.get() == ComputeStatus.TERMINATED) {
        return true;
      }
      Thread.sleep(Math.min(POLL.toMillis(),
          Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
    }
    return status.get() == ComputeStatus.TERMINATED;
  }
}
