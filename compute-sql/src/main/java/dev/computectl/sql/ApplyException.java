package dev.computectl.sql;

/**
 * An apply that failed. The message names the phase, database, object and Postgres error; {@link
 * #report()} says what was applied before the failure and what was not.
 */
public class ApplyException extends Exception {

  private final ApplyReport report;

  public ApplyException(String message, ApplyReport report, Throwable cause) {
    super(message, cause);
    this.report = report;
  }

  public ApplyReport report() {
    return report;
  }
}
