package dev.computectl.spec;

import java.util.Locale;

/** The rule Neon's tenant and timeline ids share: 32 ASCII hex digits, stored lower case. */
final class HexIds {

  private HexIds() {}

  /** True for exactly 32 hex digits (either case). */
  static boolean isValid(String text) {
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

  /** The id in lower case, or an error naming what kind of id was malformed. */
  static String normalize(String kind, String text) {
    if (!isValid(text)) {
      throw new IllegalArgumentException(
          "invalid " + kind + " '" + text + "': expected 32 hex characters");
    }
    return text.toLowerCase(Locale.ROOT);
  }

  static boolean isAsciiHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
