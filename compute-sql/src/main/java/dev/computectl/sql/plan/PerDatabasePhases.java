package dev.computectl.sql.plan;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Database;
import dev.computectl.spec.DeltaOp;
import dev.computectl.sql.catalog.CatalogDatabase;
import dev.computectl.sql.catalog.DatabaseFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The phases that run inside each database: the subscription drop before a delete (phase 0), and
 * role references, public-schema permissions and subscriptions (phase 8). Each spec database is
 * visited in array order, then the system database (the connstr's, {@link Target#MAIN}).
 */
final class PerDatabasePhases {

  /** Missing database, missing object: the thing to clean up is already gone (decision P13). */
  static final Set<String> GONE = Set.of("3D000", "42704");

  private static final String WEB_ACCESS = "web_access";

  private final PlanOptions options;
  private final ComputeSpec spec;
  private final PlanningContext ctx;
  private final List<DeltaOp> ops;

  PerDatabasePhases(PlanOptions options, ComputeSpec spec, PlanningContext ctx, List<DeltaOp> ops) {
    this.options = options;
    this.spec = spec;
    this.ctx = ctx;
    this.ops = ops;
  }

  Phase dropSubscriptionsBeforeDelete() {
    List<SqlCommand> commands = new ArrayList<>();
    for (DeltaOp op : ops) {
      if (DeltaOp.DELETE_DB.equals(op.action()) && accessible(op.name(), false)) {
        commands.add(dropSubscriptions(op.name()));
      }
    }
    return new Phase(PhaseName.DROP_SUBSCRIPTIONS_BEFORE_DELETE, commands, GONE);
  }

  List<Phase> perDatabase(boolean dropSubscriptions) {
    List<SqlCommand> references = new ArrayList<>();
    List<SqlCommand> perms = new ArrayList<>();
    List<SqlCommand> subscriptions = new ArrayList<>();
    for (Database db : spec.cluster().databases()) {
      if (!accessible(db.name(), true)) {
        continue;
      }
      Target target = Target.database(db.name());
      roleReferences(target, db.owner(), references);
      schemaPerms(db, target, perms);
      if (dropSubscriptions) {
        subscriptions.add(dropSubscriptions(db.name()));
      }
    }
    roleReferences(Target.MAIN, null, references);
    return List.of(
        new Phase(PhaseName.DELETE_DB_ROLE_REFERENCES, references),
        new Phase(PhaseName.CHANGE_SCHEMA_PERMS, perms),
        new Phase(PhaseName.DROP_LOGICAL_SUBSCRIPTIONS, subscriptions));
  }

  /** Per-database guard: a user database must be known and accept connections. */
  private boolean accessible(String name, boolean warn) {
    CatalogDatabase db = ctx.databases.get(name);
    if (db == null) {
      if (warn) {
        ctx.warn("database \"" + name + "\" does not exist; per-database work skipped");
      }
      return false;
    }
    if (!db.accessible()) {
      ctx.warn("database \"" + name + "\" does not accept connections or is invalid; skipped");
      return false;
    }
    return true;
  }

  /** Hands a deleted role's objects to the database owner, then drops what is left of it. */
  private void roleReferences(Target target, String specOwner, List<SqlCommand> out) {
    for (DeltaOp op : ops) {
      String role = op.name();
      if (!DeltaOp.DELETE_ROLE.equals(op.action())
          || role.equals(specOwner)
          || !ctx.hasRole(role)
          || role.equals(options.adminRole())) {
        continue;
      }
      String newOwner = specOwner == null ? options.adminRole() : specOwner;
      ObjectRef object = SpecPlanner.role(role);
      out.add(SqlCommand.write(target, object, Statements.reassignOwned(role, newOwner)));
      out.add(SqlCommand.write(target, object, ServerBlocks.revokeGrantsInPublic(role)));
      out.add(SqlCommand.write(target, object, Statements.dropOwned(role)));
    }
  }

  /**
   * Phase 8b. With the database's facts known, exactly the statements whose effect is missing;
   * without them (unreadable, or renamed here), the server-checked blocks, which end in the same
   * state. A database created here as a copy of {@code template1} has the template's facts.
   */
  private void schemaPerms(Database db, Target target, List<SqlCommand> out) {
    ObjectRef schema = new ObjectRef(ObjectKind.SCHEMA, "public");
    ObjectRef defaults = new ObjectRef(ObjectKind.DEFAULT_PRIVILEGES, "public");
    DatabaseFacts facts = factsOf(db.name());
    // A web_access this apply drops must not be granted anything first: DROP ROLE would fail.
    boolean webAccessLeaving = ops.stream()
        .anyMatch(op -> DeltaOp.DELETE_ROLE.equals(op.action()) && WEB_ACCESS.equals(op.name()));
    if (facts == null) {
      out.add(SqlCommand.write(target, schema, ServerBlocks.publicSchemaOwner(db.owner(), options.adminRole())));
      out.add(SqlCommand.write(target, defaults,
          ServerBlocks.publicSchemaDefaultGrants(options.privilegedRole(), !webAccessLeaving)));
      return;
    }
    if (!facts.publicSchemaExists()) {
      return;
    }
    String owner = facts.publicSchemaOwner();
    if (List.of(options.adminRole(), "cloud_admin", "zenith_admin").contains(owner) && !db.owner().equals(owner)) {
      out.add(SqlCommand.write(target, schema, Statements.alterSchemaOwner("public", db.owner())));
    }
    // The facts say "can create" also when web_access did not exist when they were read; if this
    // plan creates it, the grant is still to be made.
    boolean webAccessNew = !ctx.snapshot.roles().containsKey(WEB_ACCESS) && ctx.hasRole(WEB_ACCESS);
    if (ctx.snapshot.serverVersionNum() >= 150000 && !webAccessLeaving
        && (!facts.webAccessCanCreate() || webAccessNew)) {
      out.add(SqlCommand.write(target, schema, Statements.grantCreateOnSchema("public", WEB_ACCESS)));
    }
    if (!facts.defaultPrivilegesGranted()) {
      out.add(SqlCommand.write(target, defaults,
          Statements.defaultPrivilegesInSchema("public", "TABLES", options.privilegedRole())));
      out.add(SqlCommand.write(target, defaults,
          Statements.defaultPrivilegesInSchema("public", "SEQUENCES", options.privilegedRole())));
    }
  }

  /** The facts of a database as it will be when phase 8 runs, or null when they are unknown. */
  private DatabaseFacts factsOf(String name) {
    Map<String, DatabaseFacts> read = ctx.snapshot.databaseFacts();
    if (ctx.copiesOfTemplate.contains(name)) {
      return read.get(DatabaseFacts.TEMPLATE);
    }
    return ctx.freshDatabases.contains(name) ? null : read.get(name);
  }

  private SqlCommand dropSubscriptions(String database) {
    return SqlCommand.write(
        Target.database(database),
        new ObjectRef(ObjectKind.SUBSCRIPTIONS, database),
        ServerBlocks.dropSubscriptions(database));
  }
}
