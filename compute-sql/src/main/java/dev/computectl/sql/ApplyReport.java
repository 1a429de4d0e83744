package dev.computectl.sql;

import java.time.Duration;
import java.util.List;

/**
 * What an apply did: per phase, the statements sent and how long it took; in total, how many
 * statements were sent and how many of them were writes.
 */
public record ApplyReport(List<PhaseReport> phases, int statementsSent, int writes, Duration elapsed) {

  public ApplyReport {
    phases = List.copyOf(phases);
  }

  /** One phase of the plan as executed. {@code failures} holds one line per failed command. */
  public record PhaseReport(
      String phase, int statements, int writes, Duration elapsed, List<String> failures) {
    public PhaseReport {
      failures = List.copyOf(failures);
    }
  }
}
