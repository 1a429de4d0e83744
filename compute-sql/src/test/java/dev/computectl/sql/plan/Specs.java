package dev.computectl.sql.plan;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.fixtures.NeonFixtures;
import java.io.IOException;

/** Spec fixtures for planner tests, written as Neon JSON and read with the project's reader. */
final class Specs {

  private Specs() {}

  /** A spec from a JSON fragment: {@code roles}, {@code databases} and optional extras. */
  static ComputeSpec spec(String roles, String databases, String extra) {
    return spec(roles, databases, "", extra);
  }

  /** As above, with extra keys inside {@code cluster} (e.g. {@code "settings": [...]}). */
  static ComputeSpec spec(String roles, String databases, String clusterExtra, String extra) {
    String json = "{\"format_version\": 1.0, \"suspend_timeout_seconds\": -1,"
        + " \"cluster\": {\"roles\": " + roles + ", \"databases\": " + databases
        + (clusterExtra.isEmpty() ? "" : ", " + clusterExtra) + "}"
        + (extra.isEmpty() ? "" : ", " + extra) + "}";
    try {
      return SpecJson.readSpec(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  static ComputeSpec resource(String name) throws IOException {
    try {
      return SpecJson.readSpec(NeonFixtures.load(name));
    } catch (Exception e) {
      throw new IOException(name, e);
    }
  }
}
