package dev.computectl.testkit.e2e;

import dev.computectl.testkit.spec.SpecBuilder;

/** Specs of the scenario tests. */
final class ScenarioSpecs {

  private ScenarioSpecs() {}

  /**
   * A default spec whose Postgres does not fsync. The harness leaves the compute's settings to the
   * spec, so without this every CREATE DATABASE waits for the disk (and the disk is shared).
   */
  static SpecBuilder spec() {
    return SpecBuilder.spec().setting("fsync", "off", "bool");
  }
}
