package dev.computectl.sql.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.computectl.sql.CommandOutcome;
import dev.computectl.sql.CommandOutcome.Status;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.plan.ObjectKind;
import dev.computectl.sql.plan.ObjectRef;
import dev.computectl.sql.plan.Phase;
import dev.computectl.sql.plan.PhaseName;
import dev.computectl.sql.plan.SqlCommand;
import dev.computectl.sql.plan.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ObjectLanesTest {

  private static ObjectRef db(String name) {
    return new ObjectRef(ObjectKind.DATABASE, name);
  }

  private static List<SqlCommand> createAndGrant(String... names) {
    List<SqlCommand> commands = new ArrayList<>();
    for (String name : names) {
      commands.add(SqlCommand.standalone(Target.MAIN, db(name), "CREATE DATABASE " + name));
      commands.add(SqlCommand.write(Target.MAIN, db(name), "GRANT ALL ON DATABASE " + name + " TO priv"));
    }
    return commands;
  }

  @Test
  void eachObjectStaysOnOneLaneInPlanOrderAndObjectsAreDealtRoundRobin() {
    List<SqlCommand> commands = createAndGrant("a", "b", "c");
    commands.add(SqlCommand.write(Target.MAIN, db("a"), "ALTER DATABASE a OWNER TO x"));

    List<List<Integer>> lanes = ObjectLanes.deal(commands, 2);

    assertThat(lanes).containsExactly(List.of(0, 1, 6, 4, 5), List.of(2, 3));
  }

  @Test
  void onlyStandaloneCommandsEarnExtraSessionsAndCpusAndConcurrencyCapThem() {
    Phase creates = new Phase(PhaseName.CREATE_AND_ALTER_DATABASES, createAndGrant("a", "b", "c", "d", "e"));
    Phase alters = new Phase(PhaseName.CREATE_AND_ALTER_DATABASES, List.of(
        SqlCommand.write(Target.MAIN, db("a"), "ALTER DATABASE a OWNER TO x"),
        SqlCommand.write(Target.MAIN, db("b"), "ALTER DATABASE b OWNER TO x")));

    assertThat(ObjectLanes.lanes(creates, 10, 2)).isEqualTo(2);
    assertThat(ObjectLanes.lanes(creates, 3, 16)).isEqualTo(3);
    assertThat(ObjectLanes.lanes(creates, 10, 16)).isEqualTo(5);
    assertThat(ObjectLanes.lanes(alters, 10, 16)).isEqualTo(1);
    assertThat(ObjectLanes.lanes(creates, 0, 0)).isEqualTo(1);
  }

  @Test
  void outcomesComeBackInPlanOrderAndEveryLaneHasItsOwnSession() throws Exception {
    List<String> sentOnMain = Collections.synchronizedList(new ArrayList<>());
    List<String> sentElsewhere = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger opened = new AtomicInteger();
    ConnectionFactory factory = database -> {
      assertThat(database).isNull(); // the lanes are sessions on the main database
      opened.incrementAndGet();
      return recording(sentElsewhere);
    };
    Phase phase = new Phase(PhaseName.CREATE_AND_ALTER_DATABASES, createAndGrant("a", "b", "c", "d"));

    PhaseResult result = ObjectLanes.send(
        phase, new CommandSender(recording(sentOnMain)), factory, r -> new Thread(r).start(), 3);

    assertThat(opened).hasValue(2);
    assertThat(result.outcomes()).extracting(CommandOutcome::sql)
        .containsExactlyElementsOf(phase.commands().stream().map(SqlCommand::sql).toList());
    assertThat(result.outcomes()).allMatch(o -> o.status() == Status.APPLIED);
    assertThat(result.statements()).isEqualTo(8);
    assertThat(sentOnMain).containsExactly(
        "CREATE DATABASE a", "GRANT ALL ON DATABASE a TO priv", "CREATE DATABASE d", "GRANT ALL ON DATABASE d TO priv");
    assertThat(sentElsewhere).containsExactlyInAnyOrder(
        "CREATE DATABASE b", "GRANT ALL ON DATABASE b TO priv", "CREATE DATABASE c", "GRANT ALL ON DATABASE c TO priv");
  }

  @Test
  void aLaneWithoutASessionIsSentOnTheMainSessionAfterwards() throws Exception {
    ConnectionFactory refusing = database -> {
      throw new SQLException("too many connections for role \"cloud_admin\"", "53300");
    };
    List<String> sentOnMain = new ArrayList<>();
    Phase phase = new Phase(PhaseName.CREATE_AND_ALTER_DATABASES, createAndGrant("a", "b", "c"));

    PhaseResult result = ObjectLanes.send(
        phase, new CommandSender(recording(sentOnMain)), refusing, r -> new Thread(r).start(), 2);

    assertThat(result.outcomes()).allMatch(o -> o.status() == Status.APPLIED);
    assertThat(result.outcomes()).extracting(CommandOutcome::sql)
        .containsExactlyElementsOf(phase.commands().stream().map(SqlCommand::sql).toList());
    // Lane 0 (a, c) first, then the lane that had no session of its own (b), each in order.
    assertThat(sentOnMain).containsExactly(
        "CREATE DATABASE a", "GRANT ALL ON DATABASE a TO priv", "CREATE DATABASE c", "GRANT ALL ON DATABASE c TO priv",
        "CREATE DATABASE b", "GRANT ALL ON DATABASE b TO priv");
    assertThat(result.statements()).isEqualTo(6);
  }

  @Test
  void anExecutorThatTakesNoWorkStillGetsThePhaseSentOnEveryLane() throws Exception {
    List<String> sentOnMain = Collections.synchronizedList(new ArrayList<>());
    List<String> sentElsewhere = Collections.synchronizedList(new ArrayList<>());
    ConnectionFactory factory = database -> recording(sentElsewhere);
    Phase phase = new Phase(PhaseName.CREATE_AND_ALTER_DATABASES, createAndGrant("a", "b"));

    PhaseResult result = ObjectLanes.send(phase, new CommandSender(recording(sentOnMain)), factory, r -> {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    }, 2);

    assertThat(result.outcomes()).hasSize(4).allMatch(o -> o.status() == Status.APPLIED);
    assertThat(sentOnMain).containsExactly("CREATE DATABASE a", "GRANT ALL ON DATABASE a TO priv");
    assertThat(sentElsewhere).containsExactly("CREATE DATABASE b", "GRANT ALL ON DATABASE b TO priv");
  }

  /** A session whose statements succeed and are recorded in order. */
  private static Connection recording(List<String> sent) throws SQLException {
    Connection conn = mock(Connection.class);
    when(conn.createStatement()).thenAnswer(invocation -> {
      Statement st = mock(Statement.class);
      List<String> batch = new ArrayList<>();
      when(st.execute(anyString())).thenAnswer(i -> sent.add(i.getArgument(0)));
      doAnswer(i -> batch.add(i.getArgument(0))).when(st).addBatch(anyString());
      when(st.executeBatch()).thenAnswer(i -> {
        sent.addAll(batch);
        int[] counts = new int[batch.size()];
        batch.clear();
        return counts;
      });
      return st;
    });
    return conn;
  }
}
