package dev.computectl.sql.plan;

import dev.computectl.sql.catalog.CatalogDatabase;
import dev.computectl.sql.catalog.CatalogRole;
import dev.computectl.sql.catalog.CatalogSnapshot;
import dev.computectl.sql.catalog.DatabaseFacts;
import dev.computectl.sql.catalog.InstalledExtension;
import java.util.HashMap;
import java.util.Map;

/** Builds catalog snapshots for planner tests: by default a fresh cluster after one apply. */
final class Catalogs {

  private final Map<String, CatalogRole> roles = new HashMap<>();
  private final Map<String, CatalogDatabase> databases = new HashMap<>();
  private final Map<String, DatabaseFacts> facts = new HashMap<>();
  private final Map<String, InstalledExtension> installed = new HashMap<>();
  private final Map<String, String> available = new HashMap<>();
  private boolean neonSchema = true;
  private boolean healthCheck = true;
  private boolean subscriptionsDropped;
  private int serverVersionNum = 150018;

  static Catalogs fresh() {
    Catalogs c = new Catalogs();
    c.role("cloud_admin", null).role("neon_superuser", null);
    c.databases.put("postgres", new CatalogDatabase("postgres", "cloud_admin", false, false));
    c.databases.put("template0", new CatalogDatabase("template0", "cloud_admin", true, false));
    c.databases.put("template1", new CatalogDatabase("template1", "cloud_admin", false, false));
    return c;
  }

  Catalogs role(String name, String stored) {
    roles.put(name, new CatalogRole(name, stored));
    return this;
  }

  Catalogs noRole(String name) {
    roles.remove(name);
    return this;
  }

  /** A database whose public schema is already set up. */
  Catalogs database(String name, String owner) {
    databases.put(name, new CatalogDatabase(name, owner, false, false));
    facts.put(name, new DatabaseFacts.Known(true, "pg_database_owner", true, true));
    return this;
  }

  Catalogs invalidDatabase(String name) {
    databases.put(name, new CatalogDatabase(name, "cloud_admin", false, true));
    return this;
  }

  Catalogs restrictedDatabase(String name, String owner) {
    databases.put(name, new CatalogDatabase(name, owner, true, false));
    return this;
  }

  Catalogs facts(String name, DatabaseFacts f) {
    facts.put(name, f);
    return this;
  }

  Catalogs noNeonSchema() {
    neonSchema = false;
    return this;
  }

  Catalogs noHealthCheck() {
    healthCheck = false;
    return this;
  }

  Catalogs available(String ext, String version) {
    available.put(ext, version);
    return this;
  }

  Catalogs installed(String ext, String version, String schema) {
    installed.put(ext, new InstalledExtension(ext, version, schema));
    return this;
  }

  Catalogs subscriptionsDropped() {
    subscriptionsDropped = true;
    return this;
  }

  Catalogs serverVersion(int versionNum) {
    serverVersionNum = versionNum;
    return this;
  }

  CatalogSnapshot build() {
    return new CatalogSnapshot(
        roles, databases, facts, installed, available, serverVersionNum, neonSchema, healthCheck, subscriptionsDropped);
  }
}
