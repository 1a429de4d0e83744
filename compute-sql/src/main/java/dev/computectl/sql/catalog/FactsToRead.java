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
 *
 * <p>When the spec creates databases, {@code template1} is read too: a database created from it
 * starts with its facts, so the new databases get exact statements instead of server-checked
 * blocks. The session to {@code template1} is closed before the apply sends anything (a session
 * on the template would make CREATE DATABASE wait for it).
 */
public final class FactsToRead {

  private FactsToRead() {}

  /**
   * @param defaultAclDatabases the databases holding a default ACL that names the privileged role
   *     ({@link SharedMarks#defaultAclDatabases}), or empty when that cannot be told from the
   *     shared catalogs
   * @param notToRead databases not to read: those whose per-database stage has commands whatever
   *     their facts say, and those an earlier apply settled ({@link SettledDatabases})
   * @return database names in spec order, each once, then {@code template1} if it is needed
   */
  public static List<String> select(
      ComputeSpec spec,
      CatalogSnapshot snapshot,
      Optional<Set<String>> defaultAclDatabases,
      Set<String> notToRead) {
    List<String> names = new ArrayList<>();
    for (Database db : spec.cluster().databases()) {
      CatalogDatabase known = snapshot.databases().get(db.name());
      if (known == null
          || !known.accessible()
          || names.contains(db.name())
          || notToRead.contains(db.name())) {
        continue;
      }
      if (defaultAclDatabases.isPresent() && !defaultAclDatabases.get().contains(db.name())) {
        continue; // grants provably missing: planned without facts
      }
      names.add(db.name());
    }
    boolean creates = spec.cluster().databases().stream()
        .anyMatch(db -> !snapshot.databases().containsKey(db.name()) && !DatabaseFacts.namesTemplate(db));
    CatalogDatabase template = snapshot.databases().get(DatabaseFacts.TEMPLATE);
    if (creates && template != null && template.accessible() && !names.contains(DatabaseFacts.TEMPLATE)) {
      names.add(DatabaseFacts.TEMPLATE); // the databases created from it start with its facts
    }
    return List.copyOf(names);
  }
}
