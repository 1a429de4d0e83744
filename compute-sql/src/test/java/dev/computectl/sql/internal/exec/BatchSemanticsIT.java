package dev.computectl.sql.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.sql.CommandOutcome;
import dev.computectl.sql.CommandOutcome.Status;
import dev.computectl.sql.JdbcConnectionFactory;
import dev.computectl.sql.plan.ObjectKind;
import dev.computectl.sql.plan.ObjectRef;
import dev.computectl.sql.plan.PhaseName;
import dev.computectl.sql.plan.SqlCommand;
import dev.computectl.sql.plan.Target;
import dev.computectl.sql.testing.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The executor's pipelining relies on pgjdbc's simple-mode batch sending each statement as its own
 * implicit transaction. This pins that down on a real server.
 */
class BatchSemanticsIT {

  private static LocalPostgres pg;

  @BeforeAll
  static void start() throws Exception {
    pg = LocalPostgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private static JdbcConnectionFactory factory() {
    return JdbcConnectionFactory.fromConnstr(pg.connstr(), "compute_ctl:apply_config");
  }

  private static List<String> column(String database, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = pg.connect(database); ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static SqlCommand cmd(String sql) {
    return SqlCommand.write(Target.MAIN, new ObjectRef(ObjectKind.TABLE, "t"), sql);
  }

  @Test
  void aFailingStatementDoesNotRollBackItsNeighbours() throws Exception {
    try (Connection c = factory().open(null)) {
      c.createStatement().execute("CREATE TABLE public.batch_t (x int)");
      List<CommandOutcome> outcomes = new CommandSender(c).send(PhaseName.CREATE_AND_ALTER_ROLES, List.of(
          cmd("INSERT INTO public.batch_t VALUES (1)"),
          cmd("SELECT 1 / 0"),
          cmd("INSERT INTO public.batch_t VALUES (3)"),
          cmd("ALTER ROLE no_such_role LOGIN"),
          cmd("INSERT INTO public.batch_t VALUES (5)")), Set.of());

      assertThat(outcomes).extracting(CommandOutcome::status).containsExactly(
          Status.APPLIED, Status.FAILED, Status.APPLIED, Status.FAILED, Status.APPLIED);
      assertThat(outcomes.get(1).sqlState()).isEqualTo("22012");
      assertThat(outcomes.get(3).sqlState()).isEqualTo("42704");
      assertThat(outcomes.get(3).message()).contains("no_such_role");
    }
    assertThat(column("postgres", "SELECT x FROM public.batch_t ORDER BY x")).containsExactly("1", "3", "5");
  }

  @Test
  void sessionsArePinned() throws Exception {
    try (Connection c = factory().open(null);
        var rs = c.createStatement().executeQuery("SELECT current_setting('search_path'),"
            + " current_setting('statement_timeout'), current_setting('synchronous_commit'),"
            + " current_setting('application_name'), current_setting('default_transaction_read_only')")) {
      rs.next();
      assertThat(rs.getString(1)).isEmpty();
      assertThat(rs.getString(2)).isEqualTo("0");
      assertThat(rs.getString(3)).isEqualTo("local");
      assertThat(rs.getString(4)).isEqualTo("compute_ctl:apply_config");
      assertThat(rs.getString(5)).isEqualTo("off");
    }
  }

  @Test
  void unixSocketConnstrsWork() throws Exception {
    var factory = JdbcConnectionFactory.fromConnstr(
        "postgresql://" + LocalPostgres.ADMIN + "@/postgres?host=" + pg.socketDir() + "&port=" + pg.port(),
        "compute_ctl:apply_config");
    try (Connection c = factory.open("template1");
        var rs = c.createStatement().executeQuery("SELECT inet_server_addr() IS NULL, current_database()")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as("connected over a unix socket").isTrue();
      assertThat(rs.getString(2)).isEqualTo("template1");
    }
  }
}
