package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.ComputeException;
import dev.computectl.core.Failpoints;
import dev.computectl.sql.ApplyException;
import java.io.IOException;

/**
 * A step of the lifecycle failed: preparing PGDATA, writing the config, starting or reloading
 * Postgres, applying the spec, an armed failpoint, or a refreshed spec that is invalid. Its
 * message is what {@code /status} shows as the error: the cause's message chain, one cause per
 * line. Only the typed failures of those steps become one; anything else is a bug and propagates.
 */
public final class LifecycleException extends Exception {

  private final boolean rejectedSettings;

  private LifecycleException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private LifecycleException(String message, Throwable cause, boolean rejectedSettings) {
    super(message, cause);
    this.rejectedSettings = rejectedSettings;
  }

  /**
   * Postgres refused settings of a reconfigure, and the previous configuration is back in force:
   * the compute still runs as before, only this configure failed.
   */
  static LifecycleException rejectedSettings(String message) {
    return new LifecycleException(message, null, true);
  }

  /** See {@link #rejectedSettings(String)}. */
  public boolean settingsRejected() {
    return rejectedSettings;
  }

  static LifecycleException of(IOException cause) {
    return wrap(cause);
  }

  static LifecycleException of(ApplyException cause) {
    return wrap(cause);
  }

  static LifecycleException of(Failpoints.Fired cause) {
    return wrap(cause);
  }

  static LifecycleException of(ComputeException.InvalidSpec cause) {
    return wrap(cause);
  }

  private static LifecycleException wrap(Exception cause) {
    return new LifecycleException(describe(cause), cause);
  }

  /** The message chain of {@code error}, one cause per line, without repeats. */
  static String describe(Throwable error) {
    StringBuilder out = new StringBuilder(String.valueOf(error.getMessage()));
    Throwable cause = error.getCause();
    while (cause != null && cause != error) {
      if (cause.getMessage() != null && !out.toString().contains(cause.getMessage())) {
        out.append("\nCaused by: ").append(cause.getMessage());
      }
      error = cause;
      cause = cause.getCause();
    }
    return out.toString();
  }
}
