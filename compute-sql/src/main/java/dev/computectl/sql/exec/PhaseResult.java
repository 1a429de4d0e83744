package dev.computectl.sql.exec;

import dev.computectl.sql.CommandOutcome;
import java.time.Duration;
import java.util.List;

/** Outcomes of one phase's commands and the time spent sending them. */
record PhaseResult(List<CommandOutcome> outcomes, Duration elapsed, int statements) {

  PhaseResult {
    outcomes = List.copyOf(outcomes);
  }
}
