package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Feature flags of a spec. Any unknown string parses to {@link #UNKNOWN_FEATURE}, as in Neon. */
public enum ComputeFeature {
  ACTIVITY_MONITOR_EXPERIMENTAL("activity_monitor_experimental"),
  TLS_EXPERIMENTAL("tls_experimental"),
  UNKNOWN_FEATURE("unknown_feature");

  private final String wire;

  ComputeFeature(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wireName() {
    return wire;
  }

  @JsonCreator
  public static ComputeFeature fromWire(String value) {
    for (ComputeFeature f : values()) {
      if (f != UNKNOWN_FEATURE && f.wire.equals(value)) {
        return f;
      }
    }
    return UNKNOWN_FEATURE;
  }
}
