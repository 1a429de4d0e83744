package dev.computectl.sql;

import dev.computectl.spec.ComputeSpec;
import java.util.Optional;
import java.util.OptionalLong;

/** How many databases an apply works on at once, by Neon's rule for the apply at startup. */
public final class Concurrency {

  private Concurrency() {}

  /**
   * The startup rule: from {@code max_connections} in the settings (else the first matching line of
   * {@code postgresql_conf}), 0-9 as is, 10-29 give 10, then a third, capped at 100; 10 when unknown.
   * Clamped to at least 1: a limit of 0 would otherwise allow no work at all and hang the apply.
   */
  public static int forStartup(ComputeSpec spec) {
    return Math.max(1, fromLimit(maxConnections(spec)));
  }

  static int fromLimit(OptionalLong limit) {
    if (limit.isEmpty()) {
      return 10;
    }
    long n = limit.getAsLong();
    if (n < 10) {
      return (int) n;
    }
    if (n < 30) {
      return 10;
    }
    if (n < 300) {
      return (int) (n / 3);
    }
    return 100;
  }

  static OptionalLong maxConnections(ComputeSpec spec) {
    Optional<String> setting = spec.cluster().setting("max_connections");
    if (setting.isPresent()) {
      return parseUnsigned(setting.get());
    }
    String conf = spec.cluster().postgresqlConf();
    if (conf == null) {
      return OptionalLong.empty();
    }
    for (String line : conf.split("\n", -1)) {
      if (!line.contains("max_connections")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0 || !line.substring(0, eq).trim().equals("max_connections")) {
        return OptionalLong.empty();
      }
      return parseUnsigned(line.substring(eq + 1).trim());
    }
    return OptionalLong.empty();
  }

  private static OptionalLong parseUnsigned(String text) {
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
