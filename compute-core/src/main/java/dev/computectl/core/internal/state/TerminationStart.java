package dev.computectl.core.internal.state;

/** How a terminate request found the compute ({@link ComputeState#beginTermination}). */
public enum TerminationStart {
  /** This call moved the status to termination pending. */
  STARTED,
  /** Another terminate is under way; wait for it. */
  ALREADY_PENDING,
  ALREADY_TERMINATED
}
