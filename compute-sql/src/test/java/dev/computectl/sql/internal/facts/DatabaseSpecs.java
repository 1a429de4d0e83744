package dev.computectl.sql.internal.facts;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;

/** Specs with the given databases (and no role, or one), for the catalog tests. */
final class DatabaseSpecs {

  private DatabaseSpecs() {}

  /** @param databases the JSON array of {@code cluster.databases} */
  static ComputeSpec withDatabases(String databases) {
    return read("[]", databases);
  }

  /** The same with one role (no password) named {@code role}. */
  static ComputeSpec withRoleAndDatabases(String role, String databases) {
    return read("[{\"name\": \"" + role + "\", \"encrypted_password\": null}]", databases);
  }

  private static ComputeSpec read(String roles, String databases) {
    return spec(roles, databases, "");
  }

  /** A spec from JSON fragments: the roles and databases arrays, and extra top-level keys. */
  static ComputeSpec spec(String roles, String databases, String extra) {
    String json = "{\"format_version\": 1.0, \"suspend_timeout_seconds\": -1,"
        + " \"cluster\": {\"roles\": " + roles + ", \"databases\": " + databases + "}"
        + (extra.isEmpty() ? "" : ", " + extra) + "}";
    try {
      return SpecJson.readSpec(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
