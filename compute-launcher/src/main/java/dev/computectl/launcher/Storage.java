package dev.computectl.launcher;

import dev.computectl.core.SpecPolicy;
import dev.computectl.core.port.PgdataSource;
import dev.computectl.core.postgres.InitdbPgdataSource;
import dev.computectl.core.postgres.TemplateCache;

/**
 * Where a launched compute's PGDATA comes from, decided once for the run, {@code --check-config}
 * and {@code --print-plan}, so all three check a spec by the same {@link SpecPolicy}.
 */
final class Storage {

  private Storage() {}

  /** A fresh initdb through the template cache of {@code --template-cache}. */
  static PgdataSource pgdataSource(LaunchOptions options) {
    return InitdbPgdataSource.cached(new TemplateCache(options.templateCache()));
  }

  /** The rules a compute launched with these options applies to every spec it accepts. */
  static SpecPolicy specPolicy(LaunchOptions options) {
    return SpecPolicy.of(ConnectionSettings.adminRole(options), pgdataSource(options));
  }
}
