package dev.computectl.launcher;

import java.io.PrintStream;

/** {@code --print-plan}: prints the SQL the spec would run against a live Postgres. */
final class PrintPlan {

  private PrintPlan() {}

  static int run(LaunchOptions options, PrintStream out) {
    out.println("--print-plan: not available in this build yet");
    return ExitCode.FAILURE;
  }
}
