package dev.computectl.spec;

/** {@code audit_log_level}: PascalCase strings on the wire, exactly the enum constant names. */
public enum ComputeAudit {
  Disabled,
  /** Deprecated; treated like {@link #Base}. */
  Log,
  Base,
  /** Deprecated. */
  Hipaa,
  Extended,
  Full
}
