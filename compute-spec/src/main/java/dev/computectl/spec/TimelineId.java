package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A timeline id: 32 hex characters, either case on input, lower case on output. */
public record TimelineId(String hex) {

  public TimelineId {
    hex = HexIds.normalize("timeline id", hex);
  }

  @JsonCreator
  public static TimelineId parse(String text) {
    return new TimelineId(text);
  }

  /** True for exactly 32 hex digits (either case). */
  public static boolean isValid(String text) {
    return HexIds.isValid(text);
  }

  @JsonValue
  @Override
  public String toString() {
    return hex;
  }
}
