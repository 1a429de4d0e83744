package dev.computectl.core.internal.state;

import static dev.computectl.spec.ComputeStatus.CONFIGURATION_PENDING;
import static dev.computectl.spec.ComputeStatus.EMPTY;
import static dev.computectl.spec.ComputeStatus.FAILED;
import static dev.computectl.spec.ComputeStatus.INIT;
import static dev.computectl.spec.ComputeStatus.REFRESH_CONFIGURATION_PENDING;
import static dev.computectl.spec.ComputeStatus.RUNNING;
import static dev.computectl.spec.ComputeStatus.TERMINATED;
import static dev.computectl.spec.ComputeStatus.TERMINATION_PENDING_FAST;
import static dev.computectl.spec.ComputeStatus.TERMINATION_PENDING_IMMEDIATE;

import dev.computectl.spec.ComputeStatus;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which API requests each status accepts: the rules the HTTP answers follow, as data beside
 * {@link Transitions}. A request either moves the compute ({@link #moves}, to {@link #target}),
 * is taken without a status change ({@link #keeps}), or is refused. {@code RequestTest} checks
 * every move against the transition table.
 */
public enum Request {
  /**
   * {@code POST /configure}: a spec for an empty compute, or a new one for a running or a failed
   * one (a valid spec heals a failed compute, as a refresh does; see
   * docs/decisions.md#configure-in-failed).
   */
  CONFIGURE(CONFIGURATION_PENDING, set(EMPTY, RUNNING, FAILED), set()),
  /**
   * {@code POST /refresh_configuration}. Accepted in {@code failed} as well, so a refresh can
   * heal a compute. Already queued, or still in the first start (which reads the newest config
   * anyway): accepted with nothing to do.
   */
  REFRESH(REFRESH_CONFIGURATION_PENDING, set(RUNNING, FAILED),
      set(REFRESH_CONFIGURATION_PENDING, INIT)),
  /**
   * {@code POST /terminate} (fast). Accepted in every status, so a compute that hangs in a start
   * or a configure can still be stopped; a terminate under way is joined, not restarted.
   */
  TERMINATE_FAST(TERMINATION_PENDING_FAST, live(), terminating()),
  /** {@code POST /terminate?mode=immediate}. */
  TERMINATE_IMMEDIATE(TERMINATION_PENDING_IMMEDIATE, live(), terminating()),
  /**
   * The SQL routes (writability check, extensions, grants, insights): they need a running
   * Postgres and never change the status.
   */
  SQL_OPERATION(null, set(), set(RUNNING));

  private final ComputeStatus target;
  private final Set<ComputeStatus> moves;
  private final Set<ComputeStatus> keeps;

  Request(ComputeStatus target, Set<ComputeStatus> moves, Set<ComputeStatus> keeps) {
    this.target = target;
    this.moves = Collections.unmodifiableSet(moves);
    this.keeps = Collections.unmodifiableSet(keeps);
  }

  /** How this request is answered in a status. */
  public enum Decision { MOVE, KEEP, REFUSE }

  public Decision decide(ComputeStatus status) {
    if (moves.contains(status)) {
      return Decision.MOVE;
    }
    return keeps.contains(status) ? Decision.KEEP : Decision.REFUSE;
  }

  /** Where an accepted request moves the compute; null for requests that never move it. */
  public ComputeStatus target() {
    return target;
  }

  public Set<ComputeStatus> moves() {
    return moves;
  }

  public Set<ComputeStatus> keeps() {
    return keeps;
  }

  private static Set<ComputeStatus> set(ComputeStatus... statuses) {
    Set<ComputeStatus> out = EnumSet.noneOf(ComputeStatus.class);
    Collections.addAll(out, statuses);
    return out;
  }

  private static Set<ComputeStatus> terminating() {
    return set(TERMINATION_PENDING_FAST, TERMINATION_PENDING_IMMEDIATE, TERMINATED);
  }

  private static Set<ComputeStatus> live() {
    Set<ComputeStatus> out = EnumSet.allOf(ComputeStatus.class);
    out.removeAll(terminating());
    return out;
  }
}
