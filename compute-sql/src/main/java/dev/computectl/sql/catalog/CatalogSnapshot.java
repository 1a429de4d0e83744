package dev.computectl.sql.catalog;

import java.util.Map;

/**
 * Everything the planner knows about the server, read once before planning.
 *
 * @param roles by name
 * @param databases by name
 * @param databaseFacts what is known of each database's own state ({@link DatabaseFacts}); a
 *     database missing here is {@link DatabaseFacts.Unknown}
 * @param installedExtensions extensions of the main database, by name
 * @param availableExtensions default version of each available extension, by name
 * @param serverVersionNum {@code server_version_num}, e.g. 150018
 * @param neonSchemaExists whether schema {@code neon} exists in the main database
 * @param healthCheckExists whether {@code public.health_check} exists in the main database
 * @param subscriptionsDropped whether subscriptions were already dropped for this timeline
 */
public record CatalogSnapshot(
    Map<String, CatalogRole> roles,
    Map<String, CatalogDatabase> databases,
    Map<String, DatabaseFacts> databaseFacts,
    Map<String, InstalledExtension> installedExtensions,
    Map<String, String> availableExtensions,
    int serverVersionNum,
    boolean neonSchemaExists,
    boolean healthCheckExists,
    boolean subscriptionsDropped) {

  public CatalogSnapshot {
    roles = Map.copyOf(roles);
    databases = Map.copyOf(databases);
    databaseFacts = Map.copyOf(databaseFacts);
    installedExtensions = Map.copyOf(installedExtensions);
    availableExtensions = Map.copyOf(availableExtensions);
  }

  /** The facts of one database; {@link DatabaseFacts.Unknown} when none were given. */
  public DatabaseFacts factsOf(String database) {
    return databaseFacts.getOrDefault(database, DatabaseFacts.unknown());
  }

  /** The same snapshot with these per-database facts instead of its own. */
  public CatalogSnapshot withDatabaseFacts(Map<String, DatabaseFacts> facts) {
    return new CatalogSnapshot(
        roles, databases, facts, installedExtensions, availableExtensions, serverVersionNum,
        neonSchemaExists, healthCheckExists, subscriptionsDropped);
  }
}
