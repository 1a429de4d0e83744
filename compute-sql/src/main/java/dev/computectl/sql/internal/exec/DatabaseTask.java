package dev.computectl.sql.internal.exec;

import dev.computectl.sql.CommandOutcome;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.plan.Phase;
import dev.computectl.sql.plan.PhaseName;
import dev.computectl.sql.plan.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The work of one database in a per-database stage: its commands of each phase, in phase order,
 * on one connection opened only now (the system database's work reuses the apply's idle main
 * connection instead). After a phase with a failure the database's later phases are not sent
 * (reported as not sent). Never throws: a session that cannot be opened fails its commands.
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

  @Override
  public Map<PhaseName, PhaseResult> call() {
    Map<PhaseName, PhaseResult> results = new EnumMap<>(PhaseName.class);
    String database = target instanceof Target.InDatabase db ? db.name() : null;
    boolean reuse = target instanceof Target.Main && main != null;
    try (Connection opened = reuse ? null : factory.open(database)) {
      CommandSender sender = new CommandSender(reuse ? main : opened);
      boolean stopped = false;
      for (Phase phase : phases) {
        PhaseResult result = stopped ? PhaseResult.notSent(phase) : sender.send(phase);
        results.put(phase.name(), result);
        stopped = stopped || result.outcomes().stream().anyMatch(CommandOutcome::failed);
      }
    } catch (SQLException e) {
      // Could not connect (or close): every command not yet reported fails with that error.
      for (Phase phase : phases) {
        results.putIfAbsent(phase.name(), PhaseResult.failed(phase, e));
      }
    }
    return results;
  }
}
