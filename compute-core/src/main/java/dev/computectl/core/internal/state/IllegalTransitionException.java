package dev.computectl.core.internal.state;

import dev.computectl.spec.ComputeStatus;

/** A status change the {@link Transitions} table forbids: a bug in the caller, not a bad request. */
public final class IllegalTransitionException extends IllegalStateException {
  public IllegalTransitionException(ComputeStatus from, ComputeStatus to) {
    super("illegal compute status change " + from.label() + " -> " + to.label());
  }
}
