package dev.computectl.launcher;

import dev.computectl.core.port.SpecSource.SpecFetchException;
import dev.computectl.core.port.PostgresSetupException;
import dev.computectl.http.HttpStartException;
import dev.computectl.spec.SpecParseException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of {@code compute_ctl.jar}: parses the command line, sets up logging, runs the
 * chosen action and exits with its code (see the README for the table).
 */
public final class ComputeCtlMain implements ComputeCtlCommand.Actions {

  private final Map<String, String> env;
  private final PrintStream out;

  ComputeCtlMain(Map<String, String> env, PrintStream out) {
    this.env = Map.copyOf(env);
    this.out = out;
  }

  public static void main(String[] args) {
    ColdStart.tellJettyTheReferenceSize();
    int code = execute(System.getenv(), System.out, System.err, args);
    System.exit(code);
  }

  /** Runs compute_ctl with these arguments and returns the exit code, without exiting. */
  static int execute(Map<String, String> env, PrintStream out, PrintStream err, String... args) {
    ComputeCtlCommand command = new ComputeCtlCommand(env, new ComputeCtlMain(env, out));
    try {
      return command.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    } catch (Exception e) {
      Logger log = LoggerFactory.getLogger(ComputeCtlMain.class);
      if (expected(e)) {
        // The cause says it all; the stack trace only helps when debugging.
        log.error("compute_ctl failed: {}", describe(e));
        log.debug("stack trace", e);
      } else {
        log.error("compute_ctl failed: {}", describe(e), e);
      }
      return ExitCode.FAILURE;
    }
  }

  @Override
  public int run(LaunchOptions options) throws Exception {
    LogSetup.configure(options.logFormat(), options.logLevel());
    return ComputeRun.run(options, env);
  }

  @Override
  public int checkConfig(LaunchOptions options) {
    LogSetup.configure(options.logFormat(), options.logLevel());
    return CheckConfig.run(options, out);
  }

  @Override
  public int printPlan(LaunchOptions options) throws Exception {
    LogSetup.configure(options.logFormat(), options.logLevel());
    return PrintPlan.run(options, out);
  }

  /** Failures of the environment or the input, as opposed to bugs. */
  private static boolean expected(Throwable e) {
    return e instanceof IOException || e instanceof SpecParseException
        || e instanceof SQLException || e instanceof PostgresSetupException
        || e instanceof HttpStartException || e instanceof SpecFetchException
        || e instanceof IllegalArgumentException;
  }

  /** The message, with the exception's name where the message alone is unclear (a bare path). */
  static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    return e instanceof IOException && !(e instanceof java.io.UncheckedIOException)
        && e.getClass() != IOException.class
        ? e.getClass().getSimpleName() + ": " + message : message;
  }
}
