package dev.computectl.core;

/**
 * How a compute's lifecycle ended, for the launcher's exit code: Postgres's own code after it
 * stopped (0 after a clean terminate), 1 for a startup failure, a Postgres killed by a signal, or
 * a control plane that detached the compute.
 *
 * @param reason one line for the log
 * @param startFailed the compute never reached {@code running}: its start failed (and no
 *     recovery brought it up); a launcher may keep answering {@code /status} for a while so a
 *     control plane can read the error
 */
public record ExitOutcome(int code, String reason, boolean startFailed) {

  /** An outcome that is not a failed start. */
  public ExitOutcome(int code, String reason) {
    this(code, reason, false);
  }

  public static ExitOutcome of(int code, String reason) {
    return new ExitOutcome(code, reason, false);
  }

  /** The start failed: exit code 1. */
  public static ExitOutcome startFailure(String reason) {
    return new ExitOutcome(1, reason, true);
  }
}
