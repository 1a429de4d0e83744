package dev.computectl.sql.plan;

import java.util.List;
import java.util.Objects;

/**
 * What an apply will send: every phase in order (empty ones included, so listeners see them all),
 * plus the warnings planning produced. Immutable.
 */
public record Plan(List<Phase> phases, List<String> warnings) {

  public Plan {
    phases = List.copyOf(phases);
    warnings = List.copyOf(warnings);
  }

  public List<SqlCommand> commands() {
    return phases.stream().flatMap(p -> p.commands().stream()).toList();
  }

  public long writes() {
    return phases.stream().mapToLong(Phase::writes).sum();
  }

  public Phase phase(PhaseName name) {
    return phases.stream()
        .filter(p -> p.name() == name)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no phase " + name));
  }

  /** The plan as readable SQL, passwords masked; safe to log. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (Phase phase : phases) {
      if (phase.commands().isEmpty()) {
        continue;
      }
      out.append("-- phase ").append(phase.name().displayName()).append('\n');
      Target current = null;
      for (SqlCommand command : phase.commands()) {
        if (!Objects.equals(current, command.target())) {
          current = command.target();
          out.append("-- in ").append(current).append('\n');
        }
        out.append(command.display()).append(";\n");
      }
    }
    return out.toString();
  }
}
