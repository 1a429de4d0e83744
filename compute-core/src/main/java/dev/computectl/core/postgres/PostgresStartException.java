package dev.computectl.core.postgres;

import dev.computectl.core.port.ChildProcess;

import java.io.IOException;
import java.util.Optional;

/**
 * Postgres did not become ready. When this is thrown the child is gone: it exited on its own, or
 * it was stopped and reaped after a timeout.
 */
public final class PostgresStartException extends IOException {

  private final transient ChildProcess.ExitStatus exitStatus;

  public PostgresStartException(String message, ChildProcess.ExitStatus exitStatus,
      Throwable cause) {
    super(message, cause);
    this.exitStatus = exitStatus;
  }

  /** How the child ended, if it was started at all. */
  public Optional<ChildProcess.ExitStatus> exitStatus() {
    return Optional.ofNullable(exitStatus);
  }
}
