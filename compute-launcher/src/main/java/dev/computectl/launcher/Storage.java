package dev.computectl.launcher;

import dev.computectl.core.SpecPolicy;
import java.net.URI;
import dev.computectl.core.port.ComputeStorage;
import dev.computectl.core.storage.FreshStorage;
import dev.computectl.core.storage.PgBackRestStorage;
import dev.computectl.core.postgres.TemplateCache;

/**
 * Where a launched compute's PGDATA comes from, decided once for the run, {@code --check-config}
 * and {@code --print-plan}, so all three check a spec by the same {@link SpecPolicy}.
 */
final class Storage {

  private Storage() {}

  /**
   * The pgBackRest repository of {@code --pgbackrest-config}, else a fresh initdb every start;
   * new clusters come from the template cache of {@code --template-cache} either way.
   */
  static ComputeStorage storage(LaunchOptions options) {
    FreshStorage fresh = FreshStorage.cached(new TemplateCache(options.templateCache()));
    return options.pgbackrestConfig()
        .<ComputeStorage>map(config -> PgBackRestStorage.of(config, fresh))
        .orElse(fresh);
  }

  /**
   * The same rules without the port check: {@code --print-plan} plans against whatever Postgres
   * {@code -C} names (often a compute started with {@code --pg-port}, which overrides the spec's
   * port), and the port does not change the SQL.
   */
  static SpecPolicy planningPolicy(LaunchOptions options) {
    return SpecPolicy.of(ConnectionSettings.adminRole(options), storage(options));
  }

  /** The rules a compute launched with these options applies to every spec it accepts. */
  static SpecPolicy specPolicy(LaunchOptions options) {
    SpecPolicy policy = planningPolicy(options);
    // With --connstr the compute connects to that port, so a spec must agree with it, as the
    // running compute checks; without it the connstr takes its port from the spec (or
    // --pg-port, which also overrides the spec's).
    return options.connstr().map(URI::getPort).filter(port -> port > 0)
        .map(policy::withPostgresPort).orElse(policy);
  }
}
