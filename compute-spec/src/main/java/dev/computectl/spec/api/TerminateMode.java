package dev.computectl.spec.api;

import java.util.Locale;

/** {@code POST /terminate?mode=}: Postgres fast (SIGINT) or immediate (SIGQUIT) shutdown. */
public enum TerminateMode {
  FAST,
  IMMEDIATE;

  public static TerminateMode parse(String text) {
    if (text == null) {
      return FAST;
    }
    switch (text.toLowerCase(Locale.ROOT)) {
      case "fast":
        return FAST;
      case "immediate":
        return IMMEDIATE;
      default:
        throw new IllegalArgumentException(
            "invalid terminate mode '" + text + "': expected fast or immediate");
    }
  }
}
