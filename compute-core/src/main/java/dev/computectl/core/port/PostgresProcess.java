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
}
