package dev.computectl.sql.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.computectl.sql.CommandOutcome;
import dev.computectl.sql.CommandOutcome.Status;
import dev.computectl.sql.plan.ObjectKind;
import dev.computectl.sql.plan.ObjectRef;
import dev.computectl.sql.plan.PhaseName;
import dev.computectl.sql.plan.SqlCommand;
import dev.computectl.sql.plan.Target;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class CommandSenderTest {

  private final Connection conn = mock(Connection.class);
  private final Statement st = mock(Statement.class);

  CommandSenderTest() throws SQLException {
    when(conn.createStatement()).thenReturn(st);
  }

  private static SqlCommand cmd(String sql) {
    return SqlCommand.write(Target.MAIN, new ObjectRef(ObjectKind.ROLE, sql), sql);
  }

  @Test
  void aFailedBatchEntryIsMatchedToItsServerErrorAndTheOthersCountAsApplied() throws Exception {
    BatchUpdateException batch = new BatchUpdateException("Batch entry 1 ALTER ROLE ... PASSWORD 'md5secret'", "42704", new int[] {1, Statement.EXECUTE_FAILED, 0, Statement.EXECUTE_FAILED});
    batch.setNextException(new SQLException("role \"b\" does not exist", "42704"));
    batch.getNextException().setNextException(new SQLException("division by zero", "22012"));
    when(st.executeBatch()).thenThrow(batch);

    List<CommandOutcome> outcomes = new CommandSender(conn)
        .send(PhaseName.CREATE_AND_ALTER_ROLES, List.of(cmd("a"), cmd("b"), cmd("c"), cmd("d")), Set.of());

    assertThat(outcomes).extracting(CommandOutcome::status)
        .containsExactly(Status.APPLIED, Status.FAILED, Status.APPLIED, Status.FAILED);
    assertThat(outcomes.get(1).sqlState()).isEqualTo("42704");
    assertThat(outcomes.get(3).sqlState()).isEqualTo("22012");
    assertThat(outcomes).noneMatch(o -> String.valueOf(o.message()).contains("md5secret"));
  }

  @Test
  void toleratedStatesDoNotCountAsFailures() throws Exception {
    doThrow(new SQLException("database \"x\" does not exist", "3D000")).when(st).execute(anyString());
    List<CommandOutcome> outcomes = new CommandSender(conn)
        .send(PhaseName.DROP_SUBSCRIPTIONS_BEFORE_DELETE, List.of(cmd("one")), Set.of("3D000"));
    assertThat(outcomes).singleElement().extracting(CommandOutcome::status).isEqualTo(Status.TOLERATED);
  }

  @Test
  void standaloneCommandsSplitTheBatch() throws Exception {
    when(st.executeBatch()).thenReturn(new int[] {0}, new int[] {0});
    SqlCommand create = SqlCommand.standalone(Target.MAIN, new ObjectRef(ObjectKind.DATABASE, "d"), "CREATE DATABASE d");
    new CommandSender(conn).send(PhaseName.CREATE_AND_ALTER_DATABASES,
        List.of(cmd("a1"), cmd("a2"), create, cmd("b1"), cmd("b2")), Set.of());
    InOrder order = inOrder(st);
    order.verify(st).addBatch("a1");
    order.verify(st).addBatch("a2");
    order.verify(st).executeBatch();
    order.verify(st).execute("CREATE DATABASE d");
    order.verify(st).addBatch("b1");
    order.verify(st).addBatch("b2");
    order.verify(st).executeBatch();
  }

  @Test
  void passwordCommandsFirstTurnOffStatementLogging() throws Exception {
    when(st.executeBatch()).thenReturn(new int[5], new int[2]);
    SqlCommand secret = SqlCommand.secret(Target.MAIN, new ObjectRef(ObjectKind.ROLE, "r"),
        "ALTER ROLE r LOGIN PASSWORD 'md5x'", "ALTER ROLE r LOGIN PASSWORD '***'");
    CommandSender sender = new CommandSender(conn);
    sender.send(PhaseName.CREATE_AND_ALTER_ROLES, List.of(secret, cmd("other")), Set.of());
    InOrder order = inOrder(st);
    order.verify(st).addBatch("SET log_statement = 'none'");
    order.verify(st).executeBatch();
    order.verify(st).addBatch("ALTER ROLE r LOGIN PASSWORD 'md5x'");
    assertThat(sender.statementsSent()).isEqualTo(CommandSender.QUIET_LOGGING.size() + 2);
  }

  @Test
  void noPasswordsMeansNoLoggingChange() throws Exception {
    new CommandSender(conn).send(PhaseName.CREATE_AND_ALTER_ROLES, List.of(cmd("x")), Set.of());
    verify(st, never()).addBatch("SET log_statement = 'none'");
  }
}
