package dev.computectl.core;

import dev.computectl.spec.ComputeStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link ComputeNode#awaitRunning(Duration)} gave up: the compute ended {@code failed} or {@code
 * terminated}, or was still in another status when the time ran out. The message names the
 * compute, its status and its error.
 */
public final class NotRunningException extends RuntimeException {

  private final ComputeStatus status;
  private final String error;

  NotRunningException(String computeId, ComputeStatus status, String error, Duration timeout) {
    super(message(computeId, status, error, timeout));
    this.status = status;
    this.error = error;
  }

  private static String message(
      String computeId, ComputeStatus status, String error, Duration timeout) {
    String what = status == ComputeStatus.FAILED || status == ComputeStatus.TERMINATED
        ? "compute " + computeId + " is " + status.label() + ", not running"
        : "compute " + computeId + " is not running after " + timeout.toMillis() + " ms (status "
            + status.label() + ")";
    return what + (error == null ? "" : ": " + error);
  }

  /** The status when the wait ended. */
  public ComputeStatus status() {
    return status;
  }

  /** The compute's error text then, if it had one. */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }
}
