package dev.computectl.sql.plan;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Database;
import dev.computectl.spec.DeltaOp;
import dev.computectl.sql.catalog.CatalogDatabase;
import dev.computectl.sql.catalog.DatabaseFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The phases that run inside each database: the subscription drop before a delete (phase 0), and
 * role references, public-schema permissions and subscriptions (phase 8). Each spec database is
 * visited in array order, then the system database (the connstr's, {@link Target#MAIN}).
 */
final class PerDatabasePhases {

  /**
   * Missing database, missing object: the thing to clean up is already gone. Matched by SQLSTATE,
   * never by message text, which changes with the server's language and version.
   */
  static final Set<String> GONE = Set.of("3D000", "42704");

  private static final String WEB_ACCESS = "web_access";
  private static final ObjectRef SCHEMA = new ObjectRef(ObjectKind.SCHEMA, "public");
  private static final ObjectRef DEFAULTS = new ObjectRef(ObjectKind.DEFAULT_PRIVILEGES, "public");

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
   * The public-schema permissions of one database, by what is known of it: with facts read,
   * exactly the statements whose effect is missing; settled by an earlier apply, nothing; unknown
   * (unreadable, not worth a session, or created or renamed here without template facts), the
   * server-checked blocks, which end in the same state.
   */
  private void schemaPerms(Database db, Target target, List<SqlCommand> out) {
    // A web_access this apply drops must not be granted anything first: DROP ROLE would fail.
    boolean webAccessLeaving = ops.stream()
        .anyMatch(op -> DeltaOp.DELETE_ROLE.equals(op.action()) && WEB_ACCESS.equals(op.name()));
    // Facts (and a settled state) from before this apply cannot show a web_access role the plan
    // creates: its grant is still to be made.
    boolean webAccessNew = !ctx.snapshot.roles().containsKey(WEB_ACCESS) && ctx.hasRole(WEB_ACCESS);
    out.addAll(factsOf(db.name()).fold(
        known -> exactPerms(db, target, known, webAccessLeaving, webAccessNew),
        () -> webAccessNew ? blindPerms(db, target, webAccessLeaving) : List.of(),
        () -> blindPerms(db, target, webAccessLeaving)));
  }

  private List<SqlCommand> blindPerms(Database db, Target target, boolean webAccessLeaving) {
    return List.of(
        SqlCommand.write(target, SCHEMA, ServerBlocks.publicSchemaOwner(db.owner(), options.adminRole())),
        SqlCommand.write(target, DEFAULTS,
            ServerBlocks.publicSchemaDefaultGrants(options.privilegedRole(), !webAccessLeaving)));
  }

  private List<SqlCommand> exactPerms(
      Database db, Target target, DatabaseFacts.Known facts, boolean webAccessLeaving, boolean webAccessNew) {
    List<SqlCommand> out = new ArrayList<>();
    if (!facts.publicSchemaExists()) {
      return out;
    }
    String owner = facts.publicSchemaOwner();
    if (List.of(options.adminRole(), "cloud_admin", "zenith_admin").contains(owner) && !db.owner().equals(owner)) {
      out.add(SqlCommand.write(target, SCHEMA, Statements.alterSchemaOwner("public", db.owner())));
    }
    // GRANT CREATE ON SCHEMA to a role is only needed from Postgres 15, where public lost it.
    if (ctx.snapshot.serverVersionNum() >= 150000 && !webAccessLeaving
        && (!facts.webAccessCanCreate() || webAccessNew)) {
      out.add(SqlCommand.write(target, SCHEMA, Statements.grantCreateOnSchema("public", WEB_ACCESS)));
    }
    if (!facts.defaultPrivilegesGranted()) {
      out.add(SqlCommand.write(target, DEFAULTS,
          Statements.defaultPrivilegesInSchema("public", "TABLES", options.privilegedRole())));
      out.add(SqlCommand.write(target, DEFAULTS,
          Statements.defaultPrivilegesInSchema("public", "SEQUENCES", options.privilegedRole())));
    }
    return out;
  }

  /**
   * The facts of a database as it will be when the per-database stage runs. A database created
   * here as a copy of {@code template1} has the template's facts if they were read (a settled
   * template says nothing of its contents); one renamed here, or created from another template,
   * is unknown.
   */
  private DatabaseFacts factsOf(String name) {
    if (ctx.copiesOfTemplate.contains(name)) {
      return ctx.snapshot.factsOf(DatabaseFacts.TEMPLATE).fold(
          known -> known, DatabaseFacts::unknown, DatabaseFacts::unknown);
    }
    return ctx.freshDatabases.contains(name) ? DatabaseFacts.unknown() : ctx.snapshot.factsOf(name);
  }

  private SqlCommand dropSubscriptions(String database) {
    return SqlCommand.write(
        Target.database(database),
        new ObjectRef(ObjectKind.SUBSCRIPTIONS, database),
        ServerBlocks.dropSubscriptions(database));
  }
}
