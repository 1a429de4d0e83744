package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A tenant id: 32 hex characters, either case on input, lower case on output. */
public record TenantId(String hex) {

  public TenantId {
    hex = HexIds.normalize("tenant id", hex);
  }

  @JsonCreator
  public static TenantId parse(String text) {
    return new TenantId(text);
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
