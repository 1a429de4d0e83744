package dev.computectl.sql.catalog;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;

/** Specs with no roles and the given databases, for the catalog tests. */
final class DatabaseSpecs {

  private DatabaseSpecs() {}

  /** @param databases the JSON array of {@code cluster.databases} */
  static ComputeSpec withDatabases(String databases) {
    try {
      return SpecJson.readSpec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": -1,"
          + " \"cluster\": {\"roles\": [], \"databases\": " + databases + "}}");
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
