package dev.computectl.core.internal.state;

import static dev.computectl.spec.ComputeStatus.CONFIGURATION;
import static dev.computectl.spec.ComputeStatus.CONFIGURATION_PENDING;
import static dev.computectl.spec.ComputeStatus.EMPTY;
import static dev.computectl.spec.ComputeStatus.INIT;
import static dev.computectl.spec.ComputeStatus.REFRESH_CONFIGURATION;
import static dev.computectl.spec.ComputeStatus.REFRESH_CONFIGURATION_PENDING;
import static dev.computectl.spec.ComputeStatus.RUNNING;

import dev.computectl.spec.ComputeStatus;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The status changes the lifecycle threads make, by name. Each fires only from the statuses it
 * lists, so a thread that lost a race (a terminate came first) sees {@code false} from {@link
 * ComputeState#fire} instead of an exception. Requests from the API are in {@link Request};
 * failing and terminating have methods of their own on {@link ComputeState}. {@code
 * TriggerTest} checks every edge here against {@link Transitions}.
 */
public enum Trigger {
  /** The main thread takes the spec it was given or sent and begins the first start. */
  BEGIN_START(INIT, EMPTY, CONFIGURATION_PENDING),
  /** The first start finished: Postgres is up and the spec applied. */
  STARTED(RUNNING, INIT),
  /** The configurator picks up a configure sent to a running compute. */
  BEGIN_RECONFIGURE(CONFIGURATION, CONFIGURATION_PENDING),
  /** That reconfigure succeeded. */
  RECONFIGURED(RUNNING, CONFIGURATION),
  /**
   * Postgres refused that reconfigure's settings and runs on with the previous configuration:
   * back to {@code running}, the configure answered with the error ({@link
   * ComputeState#rejectConfiguration}).
   */
  RECONFIGURE_REJECTED(RUNNING, CONFIGURATION),
  /** The configurator picks up a refresh request. */
  BEGIN_REFRESH(REFRESH_CONFIGURATION, REFRESH_CONFIGURATION_PENDING),
  /** The refresh applied a fresh config (or found it unchanged). */
  REFRESHED(RUNNING, REFRESH_CONFIGURATION),
  /** The refresh failed and will be tried again after a backoff. */
  RETRY_REFRESH(REFRESH_CONFIGURATION_PENDING, REFRESH_CONFIGURATION);

  private final ComputeStatus target;
  private final Set<ComputeStatus> from;

  Trigger(ComputeStatus target, ComputeStatus first, ComputeStatus... rest) {
    this.target = target;
    this.from = Collections.unmodifiableSet(EnumSet.of(first, rest));
  }

  public ComputeStatus target() {
    return target;
  }

  /** The statuses this trigger fires from. */
  public Set<ComputeStatus> from() {
    return from;
  }

  /** A move to {@code running} means the compute is healthy again: the stored error goes. */
  boolean clearsError() {
    return target == RUNNING;
  }
}
