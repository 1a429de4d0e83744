package dev.computectl.launcher;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

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
    int code = execute(System.getenv(), System.out, System.err, args);
    System.exit(code);
  }

  /** Runs compute_ctl with these arguments and returns the exit code, without exiting. */
  static int execute(Map<String, String> env, PrintStream out, PrintStream err, String... args) {
    CommandLine cli = ComputeCtlCommand.commandLine(env, new ComputeCtlMain(env, out));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      LoggerFactory.getLogger(ComputeCtlMain.class).error("compute_ctl failed: {}",
          describe(e), e);
      return ExitCode.FAILURE;
    });
    return cli.execute(args);
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

  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
