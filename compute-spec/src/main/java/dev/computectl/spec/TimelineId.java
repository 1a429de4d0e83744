package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A timeline id: 32 hex characters, either case on input, lower case on output. */
public record TimelineId(String hex) {

  public TimelineId {
    if (!isValid(hex)) {
      throw new IllegalArgumentException(
          "invalid timeline id '" + hex + "': expected 32 hex characters");
    }
    hex = hex.toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static TimelineId parse(String text) {
    return new TimelineId(text);
  }

  /** True for exactly 32 hex digits (either case). */
  public static boolean isValid(String text) {
    if (text == null || text.length() != 32) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!isAsciiHex(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @JsonValue
  @Override
  public String toString() {
    return hex;
  }

  static boolean isAsciiHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
