package dev.computectl.sql.internal.exec;

import dev.computectl.sql.CommandOutcome;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.plan.ObjectRef;
import dev.computectl.sql.plan.Phase;
import dev.computectl.sql.plan.SqlCommand;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one main-database phase whose objects are independent of each other (see {@link
 * dev.computectl.sql.plan.PhaseName#spreadsOverSessions()}) over several sessions at once.
 *
 * <p>Why: {@code CREATE DATABASE} copies the template and costs milliseconds of server work each,
 * sent alone; one session runs them one after another. The commands are grouped by the object they
 * touch, each group keeps its order and stays on one session, and the groups are dealt round-robin
 * to the lanes. Lane 0 is the apply's own main connection; the others are opened for the phase and
 * closed after it. Outcomes come back in the plan's order, so reports do not depend on timing.
 */
final class ObjectLanes {

  private static final Logger log = LoggerFactory.getLogger(ObjectLanes.class);

  private ObjectLanes() {}

  /**
   * How many sessions a phase gets: one per object with a standalone command (the costly ones),
   * at most {@code concurrency} and at most {@code cpus}. Cheap batched commands alone never open
   * extra sessions. The CPU cap is there because the copies are server work that competes for the
   * CPUs: more sessions than cores made the phase slower, not faster, when measured (see the module
   * README).
   */
  static int lanes(Phase phase, int concurrency, int cpus) {
    long costly = phase.commands().stream().filter(SqlCommand::standalone).map(SqlCommand::object).distinct().count();
    return (int) Math.max(1, Math.min(Math.min(concurrency, cpus), costly));
  }

  /** The phase's commands by object, in order of first appearance, dealt to {@code lanes} lanes. */
  static List<List<Integer>> deal(List<SqlCommand> commands, int lanes) {
    Map<ObjectRef, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < commands.size(); i++) {
      groups.computeIfAbsent(commands.get(i).object(), o -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> dealt = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      dealt.add(new ArrayList<>());
    }
    int next = 0;
    for (List<Integer> group : groups.values()) {
      dealt.get(next).addAll(group);
      next = (next + 1) % lanes;
    }
    return dealt;
  }

  /**
   * Sends the phase over {@code lanes} sessions and waits for all of them. A lane whose session
   * cannot be opened (say, {@code max_connections} is nearly used up) is sent on the main session
   * afterwards: the extra sessions are only ever a speed-up, never a new way to fail.
   */
  static PhaseResult send(Phase phase, CommandSender main, ConnectionFactory factory, Executor executor, int lanes) {
    long start = System.nanoTime();
    List<SqlCommand> commands = phase.commands();
    List<List<Integer>> dealt = deal(commands, lanes);
    List<Callable<PhaseResult>> tasks = new ArrayList<>();
    tasks.add(() -> main.send(part(phase, dealt.get(0))));
    for (List<Integer> lane : dealt.subList(1, dealt.size())) {
      tasks.add(() -> sendOnNewSession(part(phase, lane), factory));
    }
    List<PhaseResult> results = new ArrayList<>(
        Workers.run(executor, tasks, lanes, "a session of phase " + phase.name().displayName()));
    for (int lane = 1; lane < dealt.size(); lane++) {
      if (results.get(lane) == null) {
        results.set(lane, main.send(part(phase, dealt.get(lane))));
      }
    }
    CommandOutcome[] ordered = new CommandOutcome[commands.size()];
    int statements = 0;
    for (int lane = 0; lane < dealt.size(); lane++) {
      List<Integer> indexes = dealt.get(lane);
      List<CommandOutcome> outcomes = results.get(lane).outcomes();
      for (int k = 0; k < indexes.size(); k++) {
        ordered[indexes.get(k)] = outcomes.get(k);
      }
      statements += results.get(lane).statements();
    }
    return new PhaseResult(List.of(ordered), Duration.ofNanos(System.nanoTime() - start), statements);
  }

  /** The phase with only the commands at {@code indexes}. */
  private static Phase part(Phase phase, List<Integer> indexes) {
    return new Phase(phase.name(), indexes.stream().map(phase.commands()::get).toList(), phase.toleratedSqlStates());
  }

  /** The lane's result, or null when no session could be opened for it. */
  private static PhaseResult sendOnNewSession(Phase phase, ConnectionFactory factory) {
    Connection conn;
    try {
      conn = factory.open(null);
    } catch (SQLException e) {
      log.warn("phase {}: could not open an extra session ({}); its commands go on the main session",
          phase.name().displayName(), e.getMessage());
      return null;
    }
    try {
      return new CommandSender(conn).send(phase);
    } finally {
      try {
        conn.close();
      } catch (SQLException e) {
        // Its commands have their outcomes already; a failed close changes none of them.
      }
    }
  }
}
