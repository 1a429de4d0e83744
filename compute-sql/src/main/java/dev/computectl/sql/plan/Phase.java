package dev.computectl.sql.plan;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One phase of a plan: its commands in the order they are sent.
 *
 * @param toleratedSqlStates SQLSTATEs that count as success in this phase (the pre-delete
 *     subscription drop tolerates a database or object that is already gone)
 */
public record Phase(PhaseName name, List<SqlCommand> commands, Set<String> toleratedSqlStates) {

  public Phase {
    Objects.requireNonNull(name, "name");
    commands = List.copyOf(commands);
    toleratedSqlStates = Set.copyOf(toleratedSqlStates);
  }

  public Phase(PhaseName name, List<SqlCommand> commands) {
    this(name, commands, Set.of());
  }

  public long writes() {
    return commands.stream().filter(SqlCommand::write).count();
  }
}
