package dev.computectl.sql.exec;

import dev.computectl.sql.CommandOutcome;
import dev.computectl.sql.CommandOutcome.Status;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.plan.Phase;
import dev.computectl.sql.plan.PhaseName;
import dev.computectl.sql.plan.SqlCommand;
import dev.computectl.sql.plan.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The work of one database in a per-database stage: its commands of each phase, in phase order,
 * on one connection opened only now (the system database's work reuses the apply's idle main
 * connection instead). After a phase with a failure the database's later phases are not sent
 * (reported as not sent).
 */
final class DatabaseTask implements Callable<Map<PhaseName, PhaseResult>> {

  private final ConnectionFactory factory;
  private final Target target;
  private final List<Phase> phases;
  private final Connection main;

  /**
   * @param phases the stage's phases, each holding only this database's commands
   * @param main the apply's main connection, idle while the stage runs: used (not closed) for
   *     {@link Target#MAIN}
   */
  DatabaseTask(ConnectionFactory factory, Target target, List<Phase> phases, Connection main) {
    this.factory = factory;
    this.main = main;
    this.target = target;
    this.phases = List.copyOf(phases);
  }

  Target target() {
    return target;
  }

  @Override
  public Map<PhaseName, PhaseResult> call() {
    Map<PhaseName, PhaseResult> results = new EnumMap<>(PhaseName.class);
    String database = target instanceof Target.InDatabase db ? db.name() : null;
    boolean reuse = target instanceof Target.Main && main != null;
    try (Connection opened = reuse ? null : factory.open(database)) {
      CommandSender sender = new CommandSender(reuse ? main : opened);
      boolean stopped = false;
      for (Phase phase : phases) {
        if (stopped) {
          results.put(phase.name(), notSent(phase));
          continue;
        }
        long start = System.nanoTime();
        int before = sender.statementsSent();
        List<CommandOutcome> outcomes = sender.send(phase.name(), phase.commands(), phase.toleratedSqlStates());
        results.put(
            phase.name(),
            new PhaseResult(outcomes, Duration.ofNanos(System.nanoTime() - start), sender.statementsSent() - before));
        stopped = outcomes.stream().anyMatch(CommandOutcome::failed);
      }
    } catch (SQLException e) {
      // Could not connect (or close): every command not yet reported fails with that error.
      for (Phase phase : phases) {
        if (!results.containsKey(phase.name())) {
          List<CommandOutcome> outcomes = new ArrayList<>();
          for (SqlCommand command : phase.commands()) {
            outcomes.add(CommandSender.failure(phase.name(), command, e, phase.toleratedSqlStates()));
          }
          results.put(phase.name(), new PhaseResult(outcomes, Duration.ZERO, 0));
        }
      }
    }
    return results;
  }

  static PhaseResult notSent(Phase phase) {
    return new PhaseResult(
        phase.commands().stream()
            .map(c -> CommandOutcome.of(phase.name(), c, Status.NOT_SENT, null, null))
            .toList(),
        Duration.ZERO,
        0);
  }
}
