package dev.computectl.core;

/**
 * How a compute's lifecycle ended, for the launcher's exit code: Postgres's own code after it
 * stopped (0 after a clean terminate), 1 for a startup failure, a Postgres killed by a signal, or
 * a control plane that detached the compute.
 *
 * @param reason one line for the log
 */
public record ExitOutcome(int code, String reason) {

  public static ExitOutcome of(int code, String reason) {
    return new ExitOutcome(code, reason);
  }
}
