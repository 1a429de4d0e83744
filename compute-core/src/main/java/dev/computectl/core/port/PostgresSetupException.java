package dev.computectl.core.port;

/**
 * The Postgres installation or the machine cannot run a compute: binaries missing, an unsupported
 * major version, no way to run Postgres as a non-root user. Retrying does not help.
 */
public class PostgresSetupException extends RuntimeException {

  public PostgresSetupException(String message) {
    super(message);
  }

  public PostgresSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
