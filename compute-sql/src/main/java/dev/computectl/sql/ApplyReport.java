package dev.computectl.sql;

import java.time.Duration;
import java.util.List;

/**
 * What an apply did: per phase, the statements sent and how long it took; in total, how many
 * statements were sent and how many of them were writes; per command, its outcome (what was
 * applied, what failed with which SQLSTATE, what was never sent).
 */
public record ApplyReport(
    List<PhaseReport> phases,
    int statementsSent,
    int writes,
    Duration elapsed,
    List<CommandOutcome> commands) {

  public ApplyReport {
    phases = List.copyOf(phases);
    commands = List.copyOf(commands);
  }

  public ApplyReport(List<PhaseReport> phases, int statementsSent, int writes, Duration elapsed) {
    this(phases, statementsSent, writes, elapsed, List.of());
  }

  /** The commands that failed (tolerated failures excluded). */
  public List<CommandOutcome> failures() {
    return commands.stream().filter(CommandOutcome::failed).toList();
  }

  /** The commands that were planned but never sent because the apply stopped first. */
  public List<CommandOutcome> notSent() {
    return commands.stream().filter(c -> c.status() == CommandOutcome.Status.NOT_SENT).toList();
  }

  /** One phase of the plan as executed. {@code failures} holds one line per failed command. */
  public record PhaseReport(
      String phase, int statements, int writes, Duration elapsed, List<String> failures) {
    public PhaseReport {
      failures = List.copyOf(failures);
    }
  }
}
