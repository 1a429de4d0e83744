package dev.computectl.sql.internal.exec;

import dev.computectl.sql.CommandOutcome;
import dev.computectl.sql.CommandOutcome.Status;
import dev.computectl.sql.plan.Phase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** Outcomes of one phase's commands (in the phase's order), the time spent and statements sent. */
record PhaseResult(List<CommandOutcome> outcomes, Duration elapsed, int statements) {

  static final PhaseResult EMPTY = new PhaseResult(List.of(), Duration.ZERO, 0);

  PhaseResult {
    outcomes = List.copyOf(outcomes);
  }

  /** Every command failed with {@code e}, nothing was sent (no session, say). */
  static PhaseResult failed(Phase phase, SQLException e) {
    return new PhaseResult(
        phase.commands().stream().map(c -> CommandSender.failure(phase.name(), c, e, phase.toleratedSqlStates())).toList(),
        Duration.ZERO,
        0);
  }

  /** Every command was left unsent, because the apply stopped before. */
  static PhaseResult notSent(Phase phase) {
    return new PhaseResult(
        phase.commands().stream().map(c -> CommandOutcome.of(phase.name(), c, Status.NOT_SENT, null, null)).toList(),
        Duration.ZERO,
        0);
  }
}
