package dev.computectl.core.lifecycle;

import dev.computectl.spec.ComputeSpec;
import java.util.Optional;

/** How many databases the first apply works on at once, derived from {@code max_connections}. */
final class StartupConcurrency {

  private StartupConcurrency() {}

  static int forStartup(ComputeSpec spec) {
    Optional<Long> limit = parse(spec.cluster().setting("max_connections").orElse(null));
    if (spec.cluster().setting("max_connections").isEmpty()) {
      limit = fromConf(spec.cluster().postgresqlConf());
    }
    if (limit.isEmpty()) {
      return 10;
    }
    long n = limit.get();
    if (n < 10) {
      return (int) Math.max(1, n);
    }
    if (n < 30) {
      return 10;
    }
    if (n < 300) {
      return (int) (n / 3);
    }
    return 100;
  }

  private static Optional<Long> fromConf(String conf) {
    if (conf == null) {
      return Optional.empty();
    }
    for (String line : conf.split("\n")) {
      if (line.contains("max_connections")) {
        int eq = line.indexOf('=');
        if (eq < 0 || !line.substring(0, eq).trim().equals("max_connections")) {
          return Optional.empty();
        }
        return parse(line.substring(eq + 1).trim());
      }
    }
    return Optional.empty();
  }

  private static Optional<Long> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      long n = Long.parseLong(value);
      return n < 0 ? Optional.empty() : Optional.of(n);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
