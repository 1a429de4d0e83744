package dev.computectl.sql;

import dev.computectl.sql.plan.ObjectRef;
import dev.computectl.sql.plan.PhaseName;
import dev.computectl.sql.plan.SqlCommand;
import dev.computectl.sql.plan.Target;

/**
 * What happened to one planned command.
 *
 * @param sql the command's display text (passwords masked)
 * @param sqlState the Postgres SQLSTATE of a failure, else null
 * @param message the Postgres error message of a failure, else null (never holds the statement)
 */
public record CommandOutcome(
    PhaseName phase, Target target, ObjectRef object, String sql, boolean write, Status status,
    String sqlState, String message) {

  /** Applied, failed, failed in a way the phase tolerates, or never sent (after a failure). */
  public enum Status {
    APPLIED,
    FAILED,
    TOLERATED,
    NOT_SENT
  }

  public static CommandOutcome of(PhaseName phase, SqlCommand command, Status status, String sqlState, String message) {
    return new CommandOutcome(
        phase, command.target(), command.object(), command.display(), command.write(), status, sqlState, message);
  }

  public boolean failed() {
    return status == Status.FAILED;
  }

  /** One line for logs and error messages: phase, database, object, error. */
  public String describe() {
    String where = target instanceof Target.InDatabase db ? "database \"" + db.name() + "\"" : "main database";
    return "phase " + phase.displayName() + ", " + where + ", " + object + ": "
        + (status == Status.APPLIED ? "applied" : status.name().toLowerCase(java.util.Locale.ROOT))
        + (sqlState == null ? "" : " [" + sqlState + "] " + message);
  }
}
