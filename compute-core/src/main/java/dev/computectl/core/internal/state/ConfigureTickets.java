package dev.computectl.core.internal.state;

import dev.computectl.core.ComputeException;

/**
 * The answers owed to {@code /configure} callers. Each accepted configure takes a ticket; the next
 * time the status settles ({@code running} or {@code failed}) every ticket issued so far is
 * answered, with the stored error after a failure, so configures that race each get an answer.
 * Not thread-safe on purpose: {@link
 * ComputeState} calls it only under its lock and waits on its own condition (the caller checks
 * {@link #isSettled} before its first wait and after every wake-up).
 */
final class ConfigureTickets {

  private long issued;
  private long settled;
  private String error;

  /** A ticket for the configure just accepted. */
  long issue() {
    return ++issued;
  }

  /** The status settled: answers every issued ticket; {@code failure} null means success. */
  void settle(String failure) {
    settled = issued;
    error = failure;
  }

  boolean isSettled(long ticket) {
    return settled >= ticket;
  }

  /** The answer for a settled ticket: returns on success, throws the stored error otherwise. */
  void answer(long ticket) throws ComputeException.ConfigurationFailed {
    if (!isSettled(ticket)) {
      throw new IllegalStateException("configure ticket " + ticket + " has not settled");
    }
    if (error != null) {
      throw new ComputeException.ConfigurationFailed(error);
    }
  }
}
