package dev.computectl.sql.plan;

import dev.computectl.sql.catalog.CatalogDatabase;
import dev.computectl.sql.catalog.CatalogRole;
import dev.computectl.sql.catalog.CatalogSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The planner's working copy of the catalog. Planning phases change it as they plan (renames,
 * creations, drops), so later phases see the planned state. Lives for one {@code plan} call only.
 */
final class PlanningContext {

  final CatalogSnapshot snapshot;
  final Map<String, String> rolePasswords = new HashMap<>();
  final Map<String, CatalogDatabase> databases = new HashMap<>();
  /** Databases whose per-database facts no longer describe them (created or renamed here). */
  final Set<String> freshDatabases = new HashSet<>();
  /** Of those, the ones created here as copies of {@code template1}: they start with its facts. */
  final Set<String> copiesOfTemplate = new HashSet<>();
  final List<String> warnings = new ArrayList<>();

  PlanningContext(CatalogSnapshot snapshot) {
    this.snapshot = snapshot;
    for (CatalogRole role : snapshot.roles().values()) {
      rolePasswords.put(role.name(), role.storedPassword());
    }
    databases.putAll(snapshot.databases());
  }

  boolean hasRole(String name) {
    return rolePasswords.containsKey(name);
  }

  void warn(String message) {
    warnings.add(message);
  }
}
