package dev.computectl.sql.internal.facts;

import dev.computectl.sql.catalog.DatabaseFacts;
import dev.computectl.sql.catalog.CatalogSnapshot;
import dev.computectl.sql.catalog.CatalogDatabase;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Database;
import dev.computectl.spec.DeltaOp;
import dev.computectl.spec.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which databases get their facts read before planning (one session each), and which are settled.
 * Pure: decided from the spec, the snapshot of the main session and the shared catalogs, before
 * any session to a database is opened. Every other database is {@link DatabaseFacts.Unknown}.
 *
 * <p>A spec database that exists and accepts connections is:
 *
 * <ol>
 *   <li>settled, when the applier settled it earlier and nothing it depends on has changed;
 *   <li>else not read when its per-database stage has commands whatever its facts say (a deleted
 *       role's references, subscriptions to drop): it gets a session anyway, so reading first would
 *       cost a second one, and planned without facts it gets the server-checked blocks instead;
 *   <li>else not read when the shared catalogs prove its default grants missing: a default ACL
 *       naming the privileged role leaves a row in the shared {@code pg_shdepend}, so a database
 *       without one needs its grants, and the session that sends them is the only one needed. When
 *       the proof is unavailable (empty {@code defaultAclDatabases}) this rule does not apply;
 *   <li>else read.
 * </ol>
 *
 * <p>When the spec creates databases from {@code template1}, that is read too: a database created
 * from it starts with its facts, so the new databases get exact statements instead of
 * server-checked blocks. The session to {@code template1} is closed before the apply sends anything
 * (a session on the template would make CREATE DATABASE wait for it).
 *
 * @param toRead database names in spec order, each once, then {@code template1} if it is needed
 * @param settled the spec databases planned as {@link DatabaseFacts.Settled} (not read)
 */
public record FactsToRead(List<String> toRead, Set<String> settled) {

  public FactsToRead {
    toRead = List.copyOf(toRead);
    settled = Set.copyOf(settled);
  }

  /**
   * @param defaultAclDatabases the databases holding a default ACL that names the privileged role
   *     ({@link SharedMarks#defaultAclDatabases}), or empty when that cannot be told
   * @param stillSettled the spec databases the applier settled earlier and that are still settled
   *     ({@link SettledDatabases#stillSettled})
   * @param adminRole the role the apply connects as (a deleted admin role is never cleaned up)
   */
  public static FactsToRead select(
      ComputeSpec spec,
      CatalogSnapshot snapshot,
      Optional<Set<String>> defaultAclDatabases,
      Set<String> stillSettled,
      String adminRole) {
    Set<String> workAnyway = workRegardlessOfFacts(spec, snapshot, adminRole);
    Set<String> toRead = new LinkedHashSet<>();
    Set<String> settled = new HashSet<>();
    for (Database db : spec.cluster().databases()) {
      String name = db.name();
      CatalogDatabase known = snapshot.databases().get(name);
      if (known == null || !known.accessible()) {
        continue;
      }
      if (stillSettled.contains(name)) {
        settled.add(name);
      } else if (!workAnyway.contains(name)
          && defaultAclDatabases.map(proof -> proof.contains(name)).orElse(true)) {
        toRead.add(name);
      }
    }
    boolean creates = spec.cluster().databases().stream()
        .anyMatch(db -> !snapshot.databases().containsKey(db.name()) && !DatabaseFacts.namesTemplate(db));
    CatalogDatabase template = snapshot.databases().get(DatabaseFacts.TEMPLATE);
    if (creates && template != null && template.accessible()) {
      toRead.add(DatabaseFacts.TEMPLATE); // the databases created from it start with its facts
      settled.remove(DatabaseFacts.TEMPLATE); // what the copies need is its contents
    }
    return new FactsToRead(new ArrayList<>(toRead), settled);
  }

  /**
   * The facts to plan with: {@code read} (each database of {@link #toRead}, {@link
   * DatabaseFacts.Known} or {@link DatabaseFacts.Unknown} when its read failed), the settled
   * databases, and nothing for the rest (unknown).
   */
  public Map<String, DatabaseFacts> facts(Map<String, DatabaseFacts> read) {
    Map<String, DatabaseFacts> facts = new HashMap<>();
    settled.forEach(name -> facts.put(name, DatabaseFacts.settled()));
    facts.putAll(read);
    return facts;
  }

  /**
   * The spec databases whose per-database stage has commands whatever their facts say: with
   * subscriptions to drop, every one; with a {@code delete_role} of a role that exists when the
   * stage runs (created or renamed here counts) and is not the admin role, every one the role does
   * not own in the spec. Mirrors the planner's per-database stage; {@code FactsToReadTest} checks
   * the two agree.
   */
  static Set<String> workRegardlessOfFacts(ComputeSpec spec, CatalogSnapshot snapshot, String adminRole) {
    List<DeltaOp> ops = spec.deltaOperations() == null ? List.of() : spec.deltaOperations();
    boolean dropSubscriptions = spec.dropSubscriptionsBeforeStart() && !snapshot.subscriptionsDropped();
    Set<String> roles = rolesWhenTheStageRuns(spec, snapshot, ops);
    List<String> deleted = ops.stream()
        .filter(op -> DeltaOp.DELETE_ROLE.equals(op.action()))
        .map(DeltaOp::name)
        .filter(role -> roles.contains(role) && !role.equals(adminRole))
        .toList();
    Set<String> names = new HashSet<>();
    for (Database db : spec.cluster().databases()) {
      if (dropSubscriptions || deleted.stream().anyMatch(role -> !role.equals(db.owner()))) {
        names.add(db.name());
      }
    }
    return names;
  }

  /** The roles after the plan's renames and creations, which come before the per-database stage. */
  private static Set<String> rolesWhenTheStageRuns(ComputeSpec spec, CatalogSnapshot snapshot, List<DeltaOp> ops) {
    Set<String> roles = new HashSet<>(snapshot.roles().keySet());
    for (DeltaOp op : ops) {
      if (DeltaOp.RENAME_ROLE.equals(op.action()) && op.newName() != null
          && roles.contains(op.name()) && !roles.contains(op.newName())) {
        roles.remove(op.name());
        roles.add(op.newName());
      }
    }
    spec.cluster().roles().stream().map(Role::name).forEach(roles::add);
    return roles;
  }
}
