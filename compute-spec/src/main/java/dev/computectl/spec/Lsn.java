package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A WAL position, written {@code X/Y} (two 32-bit hex halves, upper case, no padding). Input
 * accepts either case and surrounding white space; a JSON number is rejected.
 */
public record Lsn(long value) implements Comparable<Lsn> {

  public static final Lsn INVALID = new Lsn(0);

  @JsonCreator
  public static Lsn parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("LSN must be a string like 0/169AD58");
    }
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    if (slash <= 0 || slash == trimmed.length() - 1 || trimmed.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException("invalid LSN '" + text + "': expected hex X/Y");
    }
    if (!isHex(trimmed.substring(0, slash)) || !isHex(trimmed.substring(slash + 1))) {
      throw new IllegalArgumentException("invalid LSN '" + text + "': expected hex X/Y");
    }
    try {
      long hi = Long.parseLong(trimmed.substring(0, slash), 16);
      long lo = Long.parseLong(trimmed.substring(slash + 1), 16);
      if (hi < 0 || hi > 0xFFFFFFFFL || lo < 0 || lo > 0xFFFFFFFFL) {
        throw new IllegalArgumentException("invalid LSN '" + text + "': half out of 32-bit range");
      }
      return new Lsn((hi << 32) | lo);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid LSN '" + text + "': expected hex X/Y", e);
    }
  }

  private static boolean isHex(String s) {
    if (s.isEmpty() || s.length() > 8) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!HexIds.isAsciiHex(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @JsonValue
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%X/%X", value >>> 32, value & 0xFFFFFFFFL);
  }

  @Override
  public int compareTo(Lsn other) {
    return Long.compareUnsigned(value, other.value);
  }
}
