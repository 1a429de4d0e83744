package dev.computectl.core.port;

import dev.computectl.core.port.ChildProcess.ExitStatus;
import dev.computectl.core.port.Signal;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A running postmaster as the lifecycle sees it. */
public interface PostgresProcess {

  long pid();

  boolean isAlive();

  /** Completes once the postmaster has exited and been reaped. */
  CompletableFuture<ExitStatus> onExit();

  /** Asks Postgres to reread its configuration files (SIGHUP). */
  void reload() throws IOException;

  /** Sends {@code signal}, SIGKILL after {@code grace}, and waits until the postmaster is reaped. */
  ExitStatus stop(Signal signal, Duration grace) throws IOException;

  /** A mark in the postmaster's error output, for {@link #errorsSince}; 0 when not kept. */
  default long errorMark() {
    return 0;
  }

  /**
   * The postmaster's error lines (FATAL, ERROR, configuration-parameter complaints) printed
   * after {@code mark}, as {@code "LOG: message"}; empty when the output is not kept.
   */
  default java.util.List<String> errorsSince(long mark) {
    return java.util.List.of();
  }
}
