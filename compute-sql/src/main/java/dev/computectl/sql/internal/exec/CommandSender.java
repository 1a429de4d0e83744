package dev.computectl.sql.internal.exec;

import dev.computectl.sql.CommandOutcome;
import dev.computectl.sql.CommandOutcome.Status;
import dev.computectl.sql.plan.Phase;
import dev.computectl.sql.plan.PhaseName;
import dev.computectl.sql.plan.SqlCommand;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Sends the commands of one phase on one connection, pipelined: one JDBC batch per run of
 * batchable commands, standalone commands (CREATE/DROP DATABASE) alone.
 *
 * <p>Why a batch is safe here: the factory's sessions use pgjdbc's simple query mode with
 * autocommit, where a batch goes out as back-to-back Query messages with no Sync in between, so each
 * statement is its own implicit transaction. A failing entry does not roll back or stop its
 * neighbours; the BatchUpdateException marks it {@code EXECUTE_FAILED} and chains one server error
 * per failed entry, in order. (In extended mode a batch is one implicit transaction and a failure
 * rolls everything back; see the module README.) If the counts cannot be matched to the errors, the
 * unmatched failures are still reported as failed, with the first error.
 *
 * <p>One sender per connection; not thread-safe.
 */
final class CommandSender {

  /** Keeps password commands out of the server log, for this session only. */
  static final List<String> QUIET_LOGGING =
      List.of(
          "SET log_statement = 'none'",
          "SET log_min_error_statement = 'panic'",
          "SET log_min_duration_statement = -1",
          "SET log_min_duration_sample = -1",
          "SET log_transaction_sample_rate = 0");

  private final Connection conn;
  private boolean quiet;
  private int statementsSent;

  CommandSender(Connection conn) {
    this.conn = conn;
  }

  /** Statements sent so far, counting session settings. */
  int statementsSent() {
    return statementsSent;
  }

  /**
   * Sends one phase (or the part of it for this session) and says what became of each command:
   * the one way the executor sends a phase. When the session fails before any outcome is known
   * (logging cannot be turned off), every command fails with that error.
   */
  PhaseResult send(Phase phase) {
    long start = System.nanoTime();
    int before = statementsSent;
    List<CommandOutcome> outcomes;
    try {
      outcomes = send(phase.name(), phase.commands(), phase.toleratedSqlStates());
    } catch (SQLException e) {
      return new PhaseResult(PhaseResult.failed(phase, e).outcomes(), Duration.ofNanos(System.nanoTime() - start),
          statementsSent - before);
    }
    return new PhaseResult(outcomes, Duration.ofNanos(System.nanoTime() - start), statementsSent - before);
  }

  /** Sends every command (a failure does not stop the others) and returns one outcome each. */
  List<CommandOutcome> send(PhaseName phase, List<SqlCommand> commands, Set<String> tolerated)
      throws SQLException {
    if (!quiet && commands.stream().anyMatch(SqlCommand::sensitive)) {
      quietLogging();
    }
    List<CommandOutcome> outcomes = new ArrayList<>();
    List<SqlCommand> run = new ArrayList<>();
    for (SqlCommand command : commands) {
      if (command.standalone()) {
        outcomes.addAll(sendBatch(phase, run, tolerated));
        run.clear();
        outcomes.add(sendAlone(phase, command, tolerated));
      } else {
        run.add(command);
      }
    }
    outcomes.addAll(sendBatch(phase, run, tolerated));
    return outcomes;
  }

  private void quietLogging() throws SQLException {
    try (Statement st = conn.createStatement()) {
      for (String sql : QUIET_LOGGING) {
        st.addBatch(sql);
      }
      st.executeBatch();
      statementsSent += QUIET_LOGGING.size();
    } catch (SQLException e) {
      SQLException cause = e instanceof BatchUpdateException b && b.getNextException() != null ? b.getNextException() : e;
      throw new SQLException(
          "cannot turn off statement logging before sending passwords: " + errorMessage(cause),
          cause.getSQLState(), cause);
    }
    quiet = true;
  }

  private CommandOutcome sendAlone(PhaseName phase, SqlCommand command, Set<String> tolerated) {
    statementsSent++;
    try (Statement st = conn.createStatement()) {
      st.execute(command.sql());
      return CommandOutcome.of(phase, command, Status.APPLIED, null, null);
    } catch (SQLException e) {
      return failure(phase, command, e, tolerated);
    }
  }

  private List<CommandOutcome> sendBatch(PhaseName phase, List<SqlCommand> commands, Set<String> tolerated) {
    if (commands.isEmpty()) {
      return List.of();
    }
    if (commands.size() == 1) {
      return List.of(sendAlone(phase, commands.get(0), tolerated));
    }
    statementsSent += commands.size();
    List<CommandOutcome> outcomes = new ArrayList<>();
    try (Statement st = conn.createStatement()) {
      for (SqlCommand command : commands) {
        st.addBatch(command.sql());
      }
      st.executeBatch();
      for (SqlCommand command : commands) {
        outcomes.add(CommandOutcome.of(phase, command, Status.APPLIED, null, null));
      }
    } catch (BatchUpdateException e) {
      int[] counts = e.getUpdateCounts() == null ? new int[0] : e.getUpdateCounts();
      SQLException next = e.getNextException();
      SQLException first = next == null ? e : next;
      for (int i = 0; i < commands.size(); i++) {
        SqlCommand command = commands.get(i);
        if (i < counts.length && counts[i] != Statement.EXECUTE_FAILED) {
          outcomes.add(CommandOutcome.of(phase, command, Status.APPLIED, null, null));
        } else {
          SQLException error = next == null ? first : next;
          outcomes.add(failure(phase, command, error, tolerated));
          next = next == null ? null : next.getNextException();
        }
      }
    } catch (SQLException e) {
      for (SqlCommand command : commands) {
        outcomes.add(failure(phase, command, e, tolerated));
      }
    }
    return outcomes;
  }

  static CommandOutcome failure(PhaseName phase, SqlCommand command, SQLException e, Set<String> tolerated) {
    String state = e.getSQLState() == null ? "08000" : e.getSQLState();
    Status status = tolerated.contains(state) ? Status.TOLERATED : Status.FAILED;
    return CommandOutcome.of(phase, command, status, state, errorMessage(e));
  }

  /**
   * The server's own message when there is one. Never the driver's message of a batch error, which
   * repeats the statement text (and so could repeat a password).
   */
  static String errorMessage(SQLException e) {
    if (e instanceof PSQLException p) {
      ServerErrorMessage server = p.getServerErrorMessage();
      if (server != null && server.getMessage() != null) {
        return server.getMessage();
      }
    }
    if (e instanceof BatchUpdateException) {
      return "batch failed";
    }
    return e.getMessage();
  }
}
