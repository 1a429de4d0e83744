package dev.computectl.spec;

/**
 * Which rules {@link SpecValidator} applies. {@link #NEON_STORAGE} adds Neon's storage rules
 * (pageserver, tenant/timeline, safekeepers); {@link #VANILLA} is our default data source, a fresh
 * initdb, where those rules do not apply.
 */
public enum ValidationMode {
  VANILLA,
  NEON_STORAGE;

  /**
   * NEON_STORAGE only when the caller runs on Neon storage AND the spec carries pageserver
   * information ({@code pageserver_connection_info}, {@code pageserver_connstring} or the setting
   * {@code neon.pageserver_connstring}); otherwise VANILLA.
   */
  public static ValidationMode forSpec(ComputeSpec spec, boolean neonStorageEnabled) {
    boolean hasPageserver =
        spec.pageserverConnectionInfo() != null
            || spec.pageserverConnstring() != null
            || spec.cluster().setting("neon.pageserver_connstring").isPresent();
    return neonStorageEnabled && hasPageserver ? NEON_STORAGE : VANILLA;
  }
}
