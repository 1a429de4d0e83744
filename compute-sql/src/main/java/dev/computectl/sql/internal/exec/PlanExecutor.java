package dev.computectl.sql.internal.exec;

import dev.computectl.sql.ApplyException;
import dev.computectl.sql.ApplyListener;
import dev.computectl.sql.ApplyReport;
import dev.computectl.sql.ApplyReport.PhaseReport;
import dev.computectl.sql.CommandOutcome;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.plan.Phase;
import dev.computectl.sql.plan.PhaseName;
import dev.computectl.sql.plan.Plan;
import dev.computectl.sql.plan.SqlCommand;
import dev.computectl.sql.plan.Target;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan. Main phases go out on the main connection (the database creations over several
 * sessions: {@link ObjectLanes}); each run of consecutive per-database phases is a stage with one
 * task per database, at most {@code concurrency} at once, on the applier's executor. The first
 * phase or stage with a failure ends the apply, but only after every task of that stage has
 * finished: an apply that returns has no statement of its own still running, so the next apply (or
 * the caller's reaction to the failure) never races one. The exception's report lists what was
 * applied, what failed and what was not sent.
 */
public final class PlanExecutor {

  private static final Logger log = LoggerFactory.getLogger(PlanExecutor.class);

  private final ConnectionFactory factory;
  private final Executor executor;
  private final int concurrency;
  private final ApplyListener listener;

  private final List<PhaseReport> phaseReports = new ArrayList<>();
  private final List<CommandOutcome> outcomes = new ArrayList<>();
  private int statements;
  private int writes;

  /**
   * @param executor runs the extra sessions' work; the calling thread works too, so the plan is
   *     run whatever the executor accepts
   */
  public PlanExecutor(ConnectionFactory factory, Executor executor, int concurrency, ApplyListener listener) {
    this.factory = factory;
    this.executor = executor;
    this.concurrency = Math.max(1, concurrency);
    this.listener = listener;
  }

  /** Runs every phase of {@code plan}; one executor instance runs one plan. */
  public ApplyReport run(Plan plan, Connection main) throws ApplyException {
    long start = System.nanoTime();
    List<Phase> phases = plan.phases();
    CommandSender sender = new CommandSender(main);
    int i = 0;
    while (i < phases.size()) {
      Phase phase = phases.get(i);
      int end = i + 1;
      if (phase.name().perDatabase()) {
        while (end < phases.size() && phases.get(end).name().perDatabase()) {
          end++;
        }
      }
      List<Phase> stage = phases.subList(i, end);
      for (Phase p : stage) {
        try {
          listener.beforePhase(p.name().displayName());
        } catch (Exception e) {
          markNotSent(phases.subList(i, phases.size()));
          throw new ApplyException(
              "apply stopped before phase " + p.name().displayName() + ": " + e.getMessage(),
              report(start), e);
        }
      }
      Map<PhaseName, PhaseResult> results =
          phase.name().perDatabase() ? runStage(stage, main) : Map.of(phase.name(), runMain(phase, sender));
      List<CommandOutcome> failures = new ArrayList<>();
      for (Phase p : stage) {
        PhaseResult r = results.get(p.name());
        record(p, r);
        r.outcomes().stream().filter(CommandOutcome::failed).forEach(failures::add);
      }
      if (!failures.isEmpty()) {
        markNotSent(phases.subList(end, phases.size()));
        failures.forEach(f -> log.warn("apply failed: {}", f.describe()));
        CommandOutcome first = failures.get(0);
        throw new ApplyException(
            "apply failed in " + first.describe()
                + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more failures)" : ""),
            report(start), null);
      }
      i = end;
    }
    return report(start);
  }

  private PhaseResult runMain(Phase phase, CommandSender sender) {
    if (phase.commands().isEmpty()) {
      return PhaseResult.EMPTY;
    }
    int lanes = phase.name().spreadsOverSessions()
        ? ObjectLanes.lanes(phase, concurrency, Runtime.getRuntime().availableProcessors())
        : 1;
    if (lanes > 1) {
      log.debug("phase {}: {} commands over {} sessions", phase.name().displayName(), phase.commands().size(), lanes);
      return ObjectLanes.send(phase, sender, factory, executor, lanes);
    }
    return sender.send(phase);
  }

  /** One task per database, in the order databases first appear; waits for all of them. */
  private Map<PhaseName, PhaseResult> runStage(List<Phase> stage, Connection main) {
    Map<Target, List<Phase>> byTarget = new LinkedHashMap<>();
    for (Phase phase : stage) {
      for (SqlCommand command : phase.commands()) {
        byTarget.computeIfAbsent(command.target(), t -> new ArrayList<>());
      }
    }
    for (Map.Entry<Target, List<Phase>> entry : byTarget.entrySet()) {
      for (Phase phase : stage) {
        List<SqlCommand> mine =
            phase.commands().stream().filter(c -> c.target().equals(entry.getKey())).toList();
        entry.getValue().add(new Phase(phase.name(), mine, phase.toleratedSqlStates()));
      }
    }
    List<DatabaseTask> tasks = new ArrayList<>();
    byTarget.forEach((target, phases) -> tasks.add(new DatabaseTask(factory, target, phases, main)));
    List<Map<PhaseName, PhaseResult>> perTask = Workers.run(executor, tasks, concurrency, "a database task");
    Map<PhaseName, List<CommandOutcome>> outcomesByPhase = new LinkedHashMap<>();
    Map<PhaseName, Duration> time = new LinkedHashMap<>();
    Map<PhaseName, Integer> sent = new LinkedHashMap<>();
    stage.forEach(p -> {
      outcomesByPhase.put(p.name(), new ArrayList<>());
      time.put(p.name(), Duration.ZERO);
      sent.put(p.name(), 0);
    });
    for (Map<PhaseName, PhaseResult> results : perTask) {
      results.forEach((name, r) -> {
        outcomesByPhase.get(name).addAll(r.outcomes());
        time.merge(name, r.elapsed(), Duration::plus);
        sent.merge(name, r.statements(), Integer::sum);
      });
    }
    Map<PhaseName, PhaseResult> merged = new LinkedHashMap<>();
    stage.forEach(p -> merged.put(p.name(), new PhaseResult(outcomesByPhase.get(p.name()), time.get(p.name()), sent.get(p.name()))));
    return merged;
  }

  private void record(Phase phase, PhaseResult result) {
    outcomes.addAll(result.outcomes());
    int phaseWrites = (int) result.outcomes().stream()
        .filter(o -> o.write() && o.status() != CommandOutcome.Status.NOT_SENT)
        .count();
    List<String> failures = result.outcomes().stream()
        .filter(CommandOutcome::failed)
        .map(CommandOutcome::describe)
        .toList();
    statements += result.statements();
    writes += phaseWrites;
    phaseReports.add(new PhaseReport(phase.name().displayName(), result.statements(), phaseWrites, result.elapsed(), failures));
    listener.afterPhase(phase.name().displayName(), result.elapsed(), result.statements());
    if (!phase.commands().isEmpty()) {
      if (phase.name().perDatabase()) {
        // Its databases' sessions run side by side: their times add up to more than the wall.
        long databases = phase.commands().stream().map(SqlCommand::target).distinct().count();
        log.info("phase {}: {} statements over {} databases, {} ms of session time",
            phase.name().displayName(), result.statements(), databases,
            result.elapsed().toMillis());
      } else {
        log.info("phase {}: {} statements in {} ms", phase.name().displayName(),
            result.statements(), result.elapsed().toMillis());
      }
    }
  }

  private void markNotSent(List<Phase> phases) {
    for (Phase phase : phases) {
      outcomes.addAll(PhaseResult.notSent(phase).outcomes());
    }
  }

  private ApplyReport report(long start) {
    return new ApplyReport(phaseReports, statements, writes, Duration.ofNanos(System.nanoTime() - start), outcomes);
  }
}
