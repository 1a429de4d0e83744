package dev.computectl.sql.exec;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
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
   * extra sessions. The CPU cap is measured, not a guess: on 2 cores, 100 CREATE DATABASE took
   * about 2.0 s on one session, 1.4 s on two and 1.7 s on ten (the copies compete for the CPUs).
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
  static PhaseResult send(
      Phase phase, CommandSender main, ConnectionFactory factory, ThreadFactory threads, int lanes) {
    long start = System.nanoTime();
    List<SqlCommand> commands = phase.commands();
    List<List<Integer>> dealt = deal(commands, lanes);
    ExecutorService pool = Executors.newFixedThreadPool(lanes - 1, threads);
    List<Future<LaneResult>> others = new ArrayList<>();
    try {
      for (List<Integer> lane : dealt.subList(1, dealt.size())) {
        others.add(pool.submit(() -> sendOnNewSession(phase, pick(commands, lane), factory)));
      }
    } finally {
      pool.shutdown();
    }
    List<LaneResult> results = new ArrayList<>();
    results.add(sendOn(main, phase, pick(commands, dealt.get(0))));
    for (int lane = 1; lane < dealt.size(); lane++) {
      LaneResult result =
          TaskWait.awaitUninterruptibly(others.get(lane - 1), "a session of phase " + phase.name().displayName());
      if (result == null) {
        result = sendOn(main, phase, pick(commands, dealt.get(lane)));
      }
      results.add(result);
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

  private record LaneResult(List<CommandOutcome> outcomes, int statements) {}

  private static List<SqlCommand> pick(List<SqlCommand> commands, List<Integer> indexes) {
    return indexes.stream().map(commands::get).toList();
  }

  /** The lane's result, or null when no session could be opened for it. */
  private static LaneResult sendOnNewSession(Phase phase, List<SqlCommand> commands, ConnectionFactory factory) {
    Connection conn;
    try {
      conn = factory.open(null);
    } catch (SQLException e) {
      log.warn("phase {}: could not open an extra session ({}); its commands go on the main session",
          phase.name().displayName(), e.getMessage());
      return null;
    }
    try {
      return sendOn(new CommandSender(conn), phase, commands);
    } finally {
      try {
        conn.close();
      } catch (SQLException e) {
        // Its commands have their outcomes already; a failed close changes none of them.
      }
    }
  }

  private static LaneResult sendOn(CommandSender sender, Phase phase, List<SqlCommand> commands) {
    int before = sender.statementsSent();
    List<CommandOutcome> outcomes;
    try {
      outcomes = sender.send(phase.name(), commands, phase.toleratedSqlStates());
    } catch (SQLException e) {
      outcomes = commands.stream().map(c -> CommandSender.failure(phase.name(), c, e, phase.toleratedSqlStates())).toList();
    }
    return new LaneResult(outcomes, sender.statementsSent() - before);
  }
}
