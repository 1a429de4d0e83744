package dev.computectl.sql;

import dev.computectl.spec.ComputeSpec;

/**
 * Brings the catalog in line with a spec: reads a catalog snapshot, plans the phases, and runs
 * them. The entry point compute-core calls at startup and on reconfigure.
 */
public interface SpecApplier {

  /**
   * @throws ApplyException naming the phase, database, object and Postgres error of the first
   *     failure; its report says what was applied and what was not
   */
  ApplyReport apply(ComputeSpec spec, ApplyOptions options) throws ApplyException;
}
