package dev.computectl.launcher;

/** compute_ctl's exit codes besides Postgres's own (see the README's table). */
final class ExitCode {

  /** Postgres stopped cleanly, or {@code --check-config} found nothing. */
  static final int OK = 0;
  /** Startup failed, Postgres died by a signal, or {@code --check-config} found problems. */
  static final int FAILURE = 1;
  /** The command line is wrong. */
  static final int USAGE = 2;

  private ExitCode() {}
}
