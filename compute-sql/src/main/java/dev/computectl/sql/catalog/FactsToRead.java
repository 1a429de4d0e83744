package dev.computectl.sql.catalog;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which spec databases need their per-database facts read (one connection each). Pure.
 *
 * <p>A database is read only if it exists, accepts connections, and the shared catalogs do not
 * already prove that its public-schema grants are missing. The proof: a default ACL naming the
 * privileged role leaves an ACL row in the shared {@code pg_shdepend}; with no such row in a
 * database, the default grants cannot be there, so its schema-permission phase is planned without
 * facts (server-checked blocks, the same end state) on the one connection that sends them, and a
 * second connection only to read is saved. When the proof is unavailable (empty {@code
 * defaultAclDatabases}), every accessible spec database is read. For the same reason a database
 * that gets per-database commands anyway (the planner names these) is not read either.
 */
public final class FactsToRead {

  private FactsToRead() {}

  /**
   * @param defaultAclDatabases the databases holding a default ACL that names the privileged role
   *     ({@link CatalogReader#defaultAclDatabases}), or empty when that cannot be told from the
   *     shared catalogs
   * @param withWorkAnyway databases whose per-database stage has commands whatever their facts say
   * @return database names in spec order, each once
   */
  public static List<String> select(
      ComputeSpec spec,
      CatalogSnapshot snapshot,
      Optional<Set<String>> defaultAclDatabases,
      Set<String> withWorkAnyway) {
    List<String> names = new ArrayList<>();
    for (Database db : spec.cluster().databases()) {
      CatalogDatabase known = snapshot.databases().get(db.name());
      if (known == null
          || !known.accessible()
          || names.contains(db.name())
          || withWorkAnyway.contains(db.name())) {
        continue;
      }
      if (defaultAclDatabases.isPresent() && !defaultAclDatabases.get().contains(db.name())) {
        continue; // grants provably missing: planned without facts
      }
      names.add(db.name());
    }
    return List.copyOf(names);
  }
}
