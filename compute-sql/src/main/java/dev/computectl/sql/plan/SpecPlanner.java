package dev.computectl.sql.plan;

import dev.computectl.spec.ComputeAudit;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Database;
import dev.computectl.spec.DeltaOp;
import dev.computectl.spec.Role;
import dev.computectl.sql.catalog.CatalogDatabase;
import dev.computectl.sql.catalog.CatalogSnapshot;
import dev.computectl.sql.catalog.DatabaseFacts;
import dev.computectl.sql.catalog.InstalledExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a spec and a catalog snapshot into a {@link Plan}. Pure: no JDBC, no I/O, no clock. A
 * command is planned only where the catalog differs from the spec, so applying an unchanged spec
 * plans no writes. Phase order and names are Neon's (see {@link PhaseName}), so listeners and
 * failpoints see the same phases; where Neon's conditions are buggy (an inverted rename check,
 * md5 passwords altered on every apply, hash-map order) the planner does what they meant.
 */
public final class SpecPlanner {

  private final PlanOptions options;

  public SpecPlanner(PlanOptions options) {
    this.options = options;
  }

  public Plan plan(ComputeSpec spec, CatalogSnapshot snapshot) {
    PlanningContext ctx = new PlanningContext(snapshot);
    List<DeltaOp> ops = spec.deltaOperations() == null ? List.of() : spec.deltaOperations();
    PerDatabasePhases perDb = new PerDatabasePhases(options, spec, ctx, ops);
    boolean dropSubscriptions = spec.dropSubscriptionsBeforeStart() && !snapshot.subscriptionsDropped();

    List<Phase> phases = new ArrayList<>();
    phases.add(perDb.dropSubscriptionsBeforeDelete());
    phases.add(createPrivilegedRole(ctx));
    phases.add(dropInvalidDatabases(ctx));
    phases.add(renameRoles(ctx, ops));
    phases.add(createAndAlterRoles(ctx, spec));
    phases.add(renameAndDeleteDatabases(ctx, ops));
    phases.add(createAndAlterDatabases(ctx, spec));
    phases.add(createSchemaNeon(snapshot));
    phases.addAll(perDb.perDatabase(dropSubscriptions));
    phases.add(otherExtensions(spec, snapshot));
    phases.add(neonExtension(ctx));
    phases.add(availabilityCheck(snapshot));
    phases.add(dropRoles(ctx, ops));
    phases.add(finalizeDropSubscriptions(spec, dropSubscriptions));
    phases.addAll(audit(spec.auditLogLevel()));
    return new Plan(phases, ctx.warnings);
  }

  private Phase createPrivilegedRole(PlanningContext ctx) {
    String priv = options.privilegedRole();
    List<SqlCommand> commands = new ArrayList<>();
    if (!ctx.hasRole(priv)) {
      commands.add(
          SqlCommand.write(Target.MAIN, role(priv), ServerBlocks.createPrivilegedRole(priv)));
    }
    return new Phase(PhaseName.CREATE_PRIVILEGED_ROLE, commands);
  }

  private Phase dropInvalidDatabases(PlanningContext ctx) {
    List<SqlCommand> commands = new ArrayList<>();
    ctx.databases.values().stream()
        .filter(CatalogDatabase::invalid)
        .map(CatalogDatabase::name)
        .sorted()
        .toList()
        .forEach(
            name -> {
              commands.add(
                  SqlCommand.standalone(Target.MAIN, database(name), Statements.dropDatabase(name, false)));
              ctx.databases.remove(name);
            });
    return new Phase(PhaseName.DROP_INVALID_DATABASES, commands);
  }

  private Phase renameRoles(PlanningContext ctx, List<DeltaOp> ops) {
    List<SqlCommand> commands = new ArrayList<>();
    for (DeltaOp op : ops) {
      if (!DeltaOp.RENAME_ROLE.equals(op.action())) {
        continue;
      }
      if (op.newName() == null) {
        ctx.warn("rename_role of \"" + op.name() + "\" has no new_name; skipped");
      } else if (!ctx.hasRole(op.name())) {
        ctx.warn("rename_role: role \"" + op.name() + "\" does not exist; skipped");
      } else if (ctx.hasRole(op.newName())) {
        ctx.warn("rename_role: role \"" + op.newName() + "\" already exists; skipped");
      } else {
        commands.add(
            SqlCommand.write(Target.MAIN, role(op.name()), Statements.renameRole(op.name(), op.newName())));
        // The role name salts an md5 password, so Postgres clears it on rename.
        ctx.rolePasswords.remove(op.name());
        ctx.rolePasswords.put(op.newName(), null);
      }
    }
    return new Phase(PhaseName.RENAME_ROLES, commands);
  }

  private Phase createAndAlterRoles(PlanningContext ctx, ComputeSpec spec) {
    Set<String> jwtRoles = Set.copyOf(spec.jwtRoles());
    List<SqlCommand> commands = new ArrayList<>();
    for (Role role : spec.cluster().roles()) {
      String name = role.name();
      String password = role.encryptedPassword();
      if (Passwords.looksUnusual(password)) {
        ctx.warn("role \"" + name + "\": password is neither an md5 hash nor a SCRAM verifier");
      }
      String sql;
      String display;
      if (ctx.hasRole(name)) {
        if (Passwords.matches(ctx.rolePasswords.get(name), password, name)) {
          continue;
        }
        if (name.equals(options.adminRole())) {
          ctx.warn("role \"" + name + "\" is the admin role; not altered");
          continue;
        }
        sql = Statements.alterRole(name, Statements.roleOptions(role.options(), password, false));
        display = Statements.alterRole(name, Statements.roleOptions(role.options(), password, true));
      } else {
        boolean jwt = jwtRoles.contains(name);
        String priv = options.privilegedRole();
        sql = Statements.createRole(name, priv, jwt, Statements.roleOptions(role.options(), password, false));
        display = Statements.createRole(name, priv, jwt, Statements.roleOptions(role.options(), password, true));
        ctx.rolePasswords.put(name, password == null ? null : Passwords.toStored(password));
      }
      commands.add(
          password == null
              ? SqlCommand.write(Target.MAIN, role(name), sql)
              : SqlCommand.secret(Target.MAIN, role(name), sql, display));
    }
    return new Phase(PhaseName.CREATE_AND_ALTER_ROLES, commands);
  }

  private Phase renameAndDeleteDatabases(PlanningContext ctx, List<DeltaOp> ops) {
    List<SqlCommand> commands = new ArrayList<>();
    for (DeltaOp op : ops) {
      String name = op.name();
      if (DeltaOp.DELETE_DB.equals(op.action())) {
        if (ctx.databases.remove(name) == null) {
          continue; // already gone: nothing to do
        }
        commands.add(SqlCommand.write(Target.MAIN, database(name), ServerBlocks.clearTemplateFlag(name)));
        commands.add(
            SqlCommand.standalone(Target.MAIN, database(name), Statements.dropDatabase(name, true)));
      } else if (DeltaOp.RENAME_DB.equals(op.action())) {
        if (op.newName() == null) {
          ctx.warn("rename_db of \"" + name + "\" has no new_name; skipped");
        } else if (!ctx.databases.containsKey(name)) {
          continue; // renamed already, or never existed
        } else if (ctx.databases.containsKey(op.newName())) {
          ctx.warn("rename_db: database \"" + op.newName() + "\" already exists; skipped");
        } else {
          commands.add(
              SqlCommand.write(Target.MAIN, database(name), Statements.renameDatabase(name, op.newName())));
          CatalogDatabase old = ctx.databases.remove(name);
          ctx.databases.put(
              op.newName(),
              new CatalogDatabase(op.newName(), old.owner(), old.restrictConn(), old.invalid()));
          ctx.freshDatabases.add(op.newName());
        }
      }
    }
    return new Phase(PhaseName.RENAME_AND_DELETE_DATABASES, commands);
  }

  private Phase createAndAlterDatabases(PlanningContext ctx, ComputeSpec spec) {
    List<SqlCommand> commands = new ArrayList<>();
    for (Database db : spec.cluster().databases()) {
      String name = db.name();
      CatalogDatabase existing = ctx.databases.get(name);
      if (existing != null) {
        if (!existing.owner().equals(db.owner())) {
          commands.add(
              SqlCommand.write(Target.MAIN, database(name), Statements.alterDatabaseOwner(name, db.owner())));
          ctx.databases.put(
              name, new CatalogDatabase(name, db.owner(), existing.restrictConn(), existing.invalid()));
        }
      } else {
        commands.add(SqlCommand.standalone(Target.MAIN, database(name), Statements.createDatabase(db)));
        commands.add(
            SqlCommand.write(
                Target.MAIN, database(name), Statements.grantAllOnDatabase(name, options.privilegedRole())));
        ctx.databases.put(name, new CatalogDatabase(name, db.owner(), false, false));
        ctx.freshDatabases.add(name);
        if (!DatabaseFacts.namesTemplate(db)) {
          ctx.copiesOfTemplate.add(name);
        }
      }
    }
    return new Phase(PhaseName.CREATE_AND_ALTER_DATABASES, commands);
  }

  private Phase createSchemaNeon(CatalogSnapshot snapshot) {
    List<SqlCommand> commands = new ArrayList<>();
    if (!snapshot.neonSchemaExists()) {
      commands.add(
          SqlCommand.write(
              Target.MAIN, new ObjectRef(ObjectKind.SCHEMA, "neon"), Statements.createSchemaIfMissing("neon")));
    }
    return new Phase(PhaseName.CREATE_SCHEMA_NEON, commands);
  }

  private Phase otherExtensions(ComputeSpec spec, CatalogSnapshot snapshot) {
    List<SqlCommand> commands = new ArrayList<>();
    boolean wanted =
        spec.cluster().setting("shared_preload_libraries").orElse("").contains("pg_stat_statements");
    if (wanted && !snapshot.installedExtensions().containsKey("pg_stat_statements")) {
      commands.add(extension("pg_stat_statements", Statements.createExtension("pg_stat_statements", "public")));
    }
    return new Phase(PhaseName.HANDLE_OTHER_EXTENSIONS, commands);
  }

  private Phase neonExtension(PlanningContext ctx) {
    CatalogSnapshot snapshot = ctx.snapshot;
    List<SqlCommand> commands = new ArrayList<>();
    String defaultVersion = snapshot.availableExtensions().get("neon");
    if (defaultVersion == null) {
      // Not installable here (vanilla Postgres): planning it would only fail the apply.
      return new Phase(PhaseName.HANDLE_NEON_EXTENSION, commands);
    }
    InstalledExtension installed = snapshot.installedExtensions().get("neon");
    if (installed == null) {
      commands.add(extension("neon", Statements.createExtension("neon", "neon")));
    } else {
      if (!"neon".equals(installed.schema())) {
        commands.add(extension("neon", ServerBlocks.makeNeonRelocatable()));
        commands.add(extension("neon", "ALTER EXTENSION neon SET SCHEMA neon"));
      }
      if (!defaultVersion.equals(installed.version())) {
        commands.add(extension("neon", "ALTER EXTENSION neon UPDATE"));
      }
    }
    return new Phase(PhaseName.HANDLE_NEON_EXTENSION, commands);
  }

  private Phase availabilityCheck(CatalogSnapshot snapshot) {
    List<SqlCommand> commands = new ArrayList<>();
    if (!snapshot.healthCheckExists()) {
      ObjectRef table = new ObjectRef(ObjectKind.TABLE, "public.health_check");
      commands.add(SqlCommand.write(Target.MAIN, table, Statements.createHealthCheckTable()));
      commands.add(SqlCommand.write(Target.MAIN, table, Statements.touchHealthCheck()));
    }
    return new Phase(PhaseName.CREATE_AVAILABILITY_CHECK, commands);
  }

  private Phase dropRoles(PlanningContext ctx, List<DeltaOp> ops) {
    List<SqlCommand> commands = new ArrayList<>();
    for (DeltaOp op : ops) {
      if (!DeltaOp.DELETE_ROLE.equals(op.action()) || !ctx.hasRole(op.name())) {
        continue;
      }
      if (op.name().equals(options.adminRole())) {
        ctx.warn("delete_role of the admin role \"" + op.name() + "\" ignored");
        continue;
      }
      commands.add(SqlCommand.write(Target.MAIN, role(op.name()), Statements.dropRole(op.name())));
    }
    return new Phase(PhaseName.DROP_ROLES, commands);
  }

  private Phase finalizeDropSubscriptions(ComputeSpec spec, boolean dropSubscriptions) {
    List<SqlCommand> commands = new ArrayList<>();
    if (dropSubscriptions) {
      String timeline = spec.effectiveTimelineId().orElse(null);
      ObjectRef table = new ObjectRef(ObjectKind.TABLE, "neon.drop_subscriptions_done");
      commands.add(SqlCommand.write(Target.MAIN, table, Statements.createSubscriptionsDoneTable()));
      commands.add(SqlCommand.write(Target.MAIN, table, Statements.markSubscriptionsDone(timeline)));
    }
    return new Phase(PhaseName.FINALIZE_DROP_LOGICAL_SUBSCRIPTIONS, commands);
  }

  private List<Phase> audit(ComputeAudit level) {
    boolean base = level != ComputeAudit.Disabled;
    boolean toFile =
        level == ComputeAudit.Hipaa || level == ComputeAudit.Extended || level == ComputeAudit.Full;
    List<SqlCommand> pgaudit = base
        ? List.of(extension("pgaudit", Statements.createExtension("pgaudit", "public")))
        : List.of();
    List<SqlCommand> logToFile = toFile
        ? List.of(extension("pgauditlogtofile", Statements.createExtension("pgauditlogtofile", "public")))
        : List.of();
    List<SqlCommand> disable = base
        ? List.of(SqlCommand.write(Target.MAIN, database("postgres"), Statements.disablePgauditFor("postgres")))
        : List.of();
    return List.of(
        new Phase(PhaseName.CREATE_PGAUDIT_EXTENSION, pgaudit),
        new Phase(PhaseName.CREATE_PGAUDITLOGTOFILE_EXTENSION, logToFile),
        new Phase(PhaseName.DISABLE_POSTGRES_DB_PGAUDIT, disable));
  }

  static ObjectRef role(String name) {
    return new ObjectRef(ObjectKind.ROLE, name);
  }

  static ObjectRef database(String name) {
    return new ObjectRef(ObjectKind.DATABASE, name);
  }

  private static SqlCommand extension(String name, String sql) {
    return SqlCommand.write(Target.MAIN, new ObjectRef(ObjectKind.EXTENSION, name), sql);
  }
}
