package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

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

  /** Only a JSON string is a feature; a number or boolean is an error, not a coerced string. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static ComputeFeature fromJson(JsonNode node) {
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException("a feature must be a string, got " + node);
    }
    return fromWire(node.textValue());
  }

  public static ComputeFeature fromWire(String value) {
    for (ComputeFeature f : values()) {
      if (f != UNKNOWN_FEATURE && f.wire.equals(value)) {
        return f;
      }
    }
    return UNKNOWN_FEATURE;
  }
}
