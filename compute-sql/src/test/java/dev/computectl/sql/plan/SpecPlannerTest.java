package dev.computectl.sql.plan;

import static dev.computectl.sql.plan.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.catalog.DatabaseFacts;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecPlannerTest {

  static final String HASH = "0123456789abcdef0123456789abcdef";
  static final String SCRAM =
      "SCRAM-SHA-256$4096:c2FsdHNhbHRzYWx0$c3RvcmVka2V5c3RvcmVka2V5c3RvcmVrZXk=:c2VydmVya2V5c2VydmVya2V5c2VydmVya2V5";

  private final SpecPlanner planner = new SpecPlanner(new PlanOptions("cloud_admin", "neon_superuser"));

  private List<String> sql(Plan plan, PhaseName phase) {
    return plan.phase(phase).commands().stream().map(SqlCommand::sql).toList();
  }

  @Test
  void phasesComeInTheReferenceOrder() {
    Plan plan = planner.plan(spec("[]", "[]", ""), Catalogs.fresh().build());
    assertThat(plan.phases()).extracting(Phase::name).containsExactly(PhaseName.values());
    assertThat(plan.phases().get(1).name().displayName()).isEqualTo("CreatePrivilegedRole");
  }

  @Test
  void unchangedSpecPlansNoWritesForMd5AndScramRoles() {
    ComputeSpec spec = spec(
        "[{\"name\":\"app\",\"encrypted_password\":\"" + HASH + "\"},"
            + "{\"name\":\"scram\",\"encrypted_password\":\"" + SCRAM + "\"},"
            + "{\"name\":\"nopw\",\"encrypted_password\":null}]",
        "[{\"name\":\"shop\",\"owner\":\"app\"}]", "");
    Plan plan = planner.plan(spec, Catalogs.fresh()
        .role("app", "md5" + HASH).role("scram", SCRAM).role("nopw", null)
        .database("shop", "app").build());
    assertThat(plan.writes()).isZero();
    assertThat(plan.commands()).isEmpty();
  }

  @Test
  void changedPasswordsAreAlteredAndMasked() {
    ComputeSpec spec = spec(
        "[{\"name\":\"app\",\"encrypted_password\":\"" + HASH + "\"},"
            + "{\"name\":\"scram\",\"encrypted_password\":\"" + SCRAM + "\"}]", "[]", "");
    Plan plan = planner.plan(spec, Catalogs.fresh()
        .role("app", "md5ffffffffffffffffffffffffffffffff").role("scram", "SCRAM-SHA-256$other").build());
    List<SqlCommand> commands = plan.phase(PhaseName.CREATE_AND_ALTER_ROLES).commands();
    assertThat(commands).extracting(SqlCommand::sql).containsExactly(
        "ALTER ROLE \"app\" LOGIN PASSWORD 'md5" + HASH + "'",
        "ALTER ROLE \"scram\" LOGIN PASSWORD '" + SCRAM + "'");
    assertThat(commands).allMatch(SqlCommand::sensitive);
    assertThat(commands).extracting(SqlCommand::display)
        .containsExactly("ALTER ROLE \"app\" LOGIN PASSWORD '***'", "ALTER ROLE \"scram\" LOGIN PASSWORD '***'");
    assertThat(plan.render()).doesNotContain(HASH).doesNotContain("c2FsdHNhbHRz").contains("PASSWORD '***'");
    assertThat(commands.toString()).doesNotContain(HASH);
  }

  @Test
  void missingRolesAreCreatedInThePrivilegedRoleUnlessJwtRoles() {
    ComputeSpec spec = spec(
        "[{\"name\":\"app\",\"encrypted_password\":null,"
            + "\"options\":[{\"name\":\"CONNECTION LIMIT\",\"value\":\"5\",\"vartype\":\"integer\"}]},"
            + "{\"name\":\"jwt\",\"encrypted_password\":null}]", "[]",
        "\"local_proxy_config\": {\"jwks\": [{\"id\":\"a\",\"role_names\":[\"jwt\"],\"jwks_url\":\"https://x\",\"provider_name\":\"p\"}]}");
    Plan plan = planner.plan(spec, Catalogs.fresh().build());
    assertThat(sql(plan, PhaseName.CREATE_AND_ALTER_ROLES)).containsExactly(
        "CREATE ROLE \"app\" INHERIT CREATEROLE CREATEDB BYPASSRLS REPLICATION IN ROLE \"neon_superuser\""
            + " CONNECTION LIMIT 5 LOGIN PASSWORD NULL",
        "CREATE ROLE \"jwt\" LOGIN PASSWORD NULL");
  }

  @Test
  void privilegedRoleIsOnlyPlannedWhenMissing() {
    assertThat(planner.plan(spec("[]", "[]", ""), Catalogs.fresh().build())
        .phase(PhaseName.CREATE_PRIVILEGED_ROLE).commands()).isEmpty();
    Plan plan = planner.plan(spec("[]", "[]", ""), Catalogs.fresh().noRole("neon_superuser").build());
    assertThat(sql(plan, PhaseName.CREATE_PRIVILEGED_ROLE)).singleElement().asString()
        .startsWith("DO $").contains("'neon_superuser'").contains("OPERATOR(pg_catalog.=)");
  }

  @Test
  void renameRoleRenamesAndThenResetsThePassword() {
    ComputeSpec spec = spec("[{\"name\":\"new\",\"encrypted_password\":\"" + HASH + "\"}]", "[]",
        "\"delta_operations\":[{\"action\":\"rename_role\",\"name\":\"old\",\"new_name\":\"new\"}]");
    Plan plan = planner.plan(spec, Catalogs.fresh().role("old", "md5" + HASH).build());
    assertThat(sql(plan, PhaseName.RENAME_ROLES)).containsExactly("ALTER ROLE \"old\" RENAME TO \"new\"");
    // The rename cleared the md5 password (the name is its salt), so it is set again.
    assertThat(sql(plan, PhaseName.CREATE_AND_ALTER_ROLES))
        .containsExactly("ALTER ROLE \"new\" LOGIN PASSWORD 'md5" + HASH + "'");
  }

  @Test
  void renameRoleIsSkippedWhenOldIsAbsentNewExistsOrNewNameMissing() {
    String ops = "\"delta_operations\":[{\"action\":\"rename_role\",\"name\":\"old\",\"new_name\":\"new\"},"
        + "{\"action\":\"rename_role\",\"name\":\"other\"}]";
    Plan absent = planner.plan(spec("[]", "[]", ops), Catalogs.fresh().role("other", null).build());
    assertThat(absent.phase(PhaseName.RENAME_ROLES).commands()).isEmpty();
    assertThat(absent.warnings()).anyMatch(w -> w.contains("\"old\" does not exist"))
        .anyMatch(w -> w.contains("has no new_name"));
    Plan clash = planner.plan(spec("[]", "[]", ops), Catalogs.fresh().role("old", null).role("new", null).build());
    assertThat(clash.phase(PhaseName.RENAME_ROLES).commands()).isEmpty();
    assertThat(clash.warnings()).anyMatch(w -> w.contains("\"new\" already exists"));
  }

  @Test
  void ownerChangeIsPlannedOnlyWhenTheOwnerDiffers() {
    ComputeSpec spec = spec("[]", "[{\"name\":\"shop\",\"owner\":\"bob\"},{\"name\":\"same\",\"owner\":\"al\"}]", "");
    Plan plan = planner.plan(spec, Catalogs.fresh().database("shop", "alice").database("same", "al").build());
    assertThat(sql(plan, PhaseName.CREATE_AND_ALTER_DATABASES))
        .containsExactly("ALTER DATABASE \"shop\" OWNER TO \"bob\"");
  }

  @Test
  void missingDatabaseIsCreatedAloneThenGrantedAndGetsBlindSchemaWork() {
    ComputeSpec spec = spec("[]", "[{\"name\":\"db\",\"owner\":\"app owner\",\"options\":["
        + "{\"name\":\"ENCODING\",\"value\":\"UTF8\",\"vartype\":\"string\"},"
        + "{\"name\":\"TEMPLATE\",\"value\":\"template0\",\"vartype\":\"enum\"}]}]", "");
    Plan plan = planner.plan(spec, Catalogs.fresh().build());
    List<SqlCommand> commands = plan.phase(PhaseName.CREATE_AND_ALTER_DATABASES).commands();
    assertThat(commands).extracting(SqlCommand::sql).containsExactly(
        "CREATE DATABASE \"db\" ENCODING 'UTF8' TEMPLATE template0 OWNER \"app owner\"",
        "GRANT ALL PRIVILEGES ON DATABASE \"db\" TO \"neon_superuser\"");
    assertThat(commands.get(0).standalone()).isTrue();
    assertThat(plan.phase(PhaseName.CHANGE_SCHEMA_PERMS).commands())
        .hasSize(2).allMatch(c -> c.target().equals(Target.database("db")));
  }

  @Test
  void invalidDatabasesAreDroppedInNameOrderAndRecreatedWhenStillWanted() {
    ComputeSpec spec = spec("[]", "[{\"name\":\"b\",\"owner\":\"x\"}]", "");
    Plan plan = planner.plan(spec, Catalogs.fresh().invalidDatabase("b").invalidDatabase("a").build());
    assertThat(sql(plan, PhaseName.DROP_INVALID_DATABASES))
        .containsExactly("DROP DATABASE IF EXISTS \"a\"", "DROP DATABASE IF EXISTS \"b\"");
    assertThat(sql(plan, PhaseName.CREATE_AND_ALTER_DATABASES)).first().asString().startsWith("CREATE DATABASE \"b\"");
  }

  @Test
  void deleteDbDropsSubscriptionsFirstThenForcesTheDrop() {
    String ops = "\"delta_operations\":[{\"action\":\"delete_db\",\"name\":\"legacy\"},"
        + "{\"action\":\"delete_db\",\"name\":\"gone\"}]";
    Plan plan = planner.plan(spec("[]", "[]", ops), Catalogs.fresh().database("legacy", "x").build());
    Phase pre = plan.phase(PhaseName.DROP_SUBSCRIPTIONS_BEFORE_DELETE);
    assertThat(pre.commands()).singleElement().extracting(SqlCommand::target).isEqualTo(Target.database("legacy"));
    assertThat(pre.toleratedSqlStates()).containsExactlyInAnyOrder("3D000", "42704");
    List<String> drops = sql(plan, PhaseName.RENAME_AND_DELETE_DATABASES);
    assertThat(drops).hasSize(2);
    assertThat(drops.get(0)).contains("IS_TEMPLATE false");
    assertThat(drops.get(1)).isEqualTo("DROP DATABASE IF EXISTS \"legacy\" WITH (FORCE)");
  }

  @Test
  void renameDbMovesTheDatabaseSoTheSpecSeesItUnderTheNewName() {
    ComputeSpec spec = spec("[]", "[{\"name\":\"shop\",\"owner\":\"app\"}]",
        "\"delta_operations\":[{\"action\":\"rename_db\",\"name\":\"shop_old\",\"new_name\":\"shop\"}]");
    Plan plan = planner.plan(spec, Catalogs.fresh().database("shop_old", "app").build());
    assertThat(sql(plan, PhaseName.RENAME_AND_DELETE_DATABASES))
        .containsExactly("ALTER DATABASE \"shop_old\" RENAME TO \"shop\"");
    assertThat(plan.phase(PhaseName.CREATE_AND_ALTER_DATABASES).commands()).isEmpty();
  }

  @Test
  void deleteRoleCleansEveryAccessibleDatabaseThenDropsTheRole() {
    ComputeSpec spec = spec("[]",
        "[{\"name\":\"shop\",\"owner\":\"app\"},{\"name\":\"mine\",\"owner\":\"intern\"},{\"name\":\"closed\",\"owner\":\"app\"}]",
        "\"delta_operations\":[{\"action\":\"delete_role\",\"name\":\"intern\"},{\"action\":\"delete_role\",\"name\":\"ghost\"}]");
    Plan plan = planner.plan(spec, Catalogs.fresh().role("intern", null)
        .database("shop", "app").database("mine", "intern").restrictedDatabase("closed", "app").build());
    List<SqlCommand> refs = plan.phase(PhaseName.DELETE_DB_ROLE_REFERENCES).commands();
    assertThat(refs).extracting(SqlCommand::target).containsExactly(
        Target.database("shop"), Target.database("shop"), Target.database("shop"),
        Target.MAIN, Target.MAIN, Target.MAIN);
    assertThat(refs.get(0).sql()).isEqualTo("REASSIGN OWNED BY \"intern\" TO \"app\"");
    assertThat(refs.get(3).sql()).isEqualTo("REASSIGN OWNED BY \"intern\" TO \"cloud_admin\"");
    assertThat(refs.get(5).sql()).isEqualTo("DROP OWNED BY \"intern\"");
    assertThat(sql(plan, PhaseName.DROP_ROLES)).containsExactly("DROP ROLE IF EXISTS \"intern\"");
    assertThat(plan.warnings()).anyMatch(w -> w.contains("\"closed\""));
  }

  @Test
  void schemaPermsFollowTheDatabaseFacts() {
    ComputeSpec spec = spec("[]", "[{\"name\":\"a\",\"owner\":\"o\"},{\"name\":\"b\",\"owner\":\"o\"}]", "");
    Plan plan = planner.plan(spec, Catalogs.fresh().database("a", "o").database("b", "o")
        .facts("a", new DatabaseFacts.Known(true, "cloud_admin", true, true))
        .facts("b", new DatabaseFacts.Known(true, "o", false, true)).build());
    assertThat(plan.phase(PhaseName.CHANGE_SCHEMA_PERMS).commands())
        .extracting(c -> c.target() + " " + c.sql())
        .containsExactly(
            "database \"a\" ALTER SCHEMA \"public\" OWNER TO \"o\"",
            "database \"b\" GRANT CREATE ON SCHEMA \"public\" TO \"web_access\"");
  }

  @Test
  void mainDatabaseObjectsArePlannedOnlyWhenMissing() {
    ComputeSpec spec = spec("[]", "[]",
        "\"settings\": [{\"name\":\"shared_preload_libraries\",\"value\":\"neon,pg_stat_statements\",\"vartype\":\"string\"}]", "");
    Plan plan = planner.plan(spec, Catalogs.fresh().noNeonSchema().noHealthCheck().build());
    assertThat(sql(plan, PhaseName.CREATE_SCHEMA_NEON)).containsExactly("CREATE SCHEMA IF NOT EXISTS \"neon\"");
    assertThat(sql(plan, PhaseName.HANDLE_OTHER_EXTENSIONS))
        .containsExactly("CREATE EXTENSION IF NOT EXISTS \"pg_stat_statements\" WITH SCHEMA \"public\"");
    assertThat(sql(plan, PhaseName.CREATE_AVAILABILITY_CHECK)).hasSize(2);
    assertThat(plan.phase(PhaseName.HANDLE_NEON_EXTENSION).commands()).isEmpty(); // neon not available: nothing planned
  }

  @Test
  void neonExtensionIsHandledOnlyWhereAvailable() {
    Plan create = planner.plan(spec("[]", "[]", ""), Catalogs.fresh().available("neon", "1.6").build());
    assertThat(sql(create, PhaseName.HANDLE_NEON_EXTENSION))
        .containsExactly("CREATE EXTENSION IF NOT EXISTS \"neon\" WITH SCHEMA \"neon\"");
    Plan update = planner.plan(spec("[]", "[]", ""),
        Catalogs.fresh().available("neon", "1.6").installed("neon", "1.5", "public").build());
    assertThat(sql(update, PhaseName.HANDLE_NEON_EXTENSION)).hasSize(3).last().isEqualTo("ALTER EXTENSION neon UPDATE");
  }

  @Test
  void subscriptionsAreDroppedOncePerTimeline() {
    String extra = "\"drop_subscriptions_before_start\": true, \"timeline_id\": \"de200bd42b49cc1814412c7e592dd6e9\"";
    ComputeSpec spec = spec("[]", "[{\"name\":\"a\",\"owner\":\"o\"}]", extra);
    Plan first = planner.plan(spec, Catalogs.fresh().database("a", "o").build());
    assertThat(first.phase(PhaseName.DROP_LOGICAL_SUBSCRIPTIONS).commands()).hasSize(1);
    assertThat(sql(first, PhaseName.FINALIZE_DROP_LOGICAL_SUBSCRIPTIONS)).last().asString()
        .contains("'de200bd42b49cc1814412c7e592dd6e9'");
    Plan again = planner.plan(spec, Catalogs.fresh().database("a", "o").subscriptionsDropped().build());
    assertThat(again.commands()).isEmpty();
  }

  @Test
  void auditPhasesFollowTheLevel() {
    Plan plan = planner.plan(spec("[]", "[]", "\"audit_log_level\": \"Hipaa\""), Catalogs.fresh().build());
    assertThat(plan.phase(PhaseName.CREATE_PGAUDIT_EXTENSION).commands()).hasSize(1);
    assertThat(plan.phase(PhaseName.CREATE_PGAUDITLOGTOFILE_EXTENSION).commands()).hasSize(1);
    assertThat(sql(plan, PhaseName.DISABLE_POSTGRES_DB_PGAUDIT))
        .containsExactly("ALTER DATABASE \"postgres\" SET pgaudit.log TO 'none'");
  }

  @Test
  void theAdminRoleIsNeverAlteredOrDropped() {
    ComputeSpec spec = spec("[{\"name\":\"cloud_admin\",\"encrypted_password\":\"" + HASH + "\"}]", "[]",
        "\"delta_operations\":[{\"action\":\"delete_role\",\"name\":\"cloud_admin\"}]");
    Plan plan = planner.plan(spec, Catalogs.fresh().build());
    assertThat(plan.commands()).isEmpty();
  }

  @Test
  void everyCommandIsAWriteWithAnObject() {
    ComputeSpec spec = spec("[{\"name\":\"r\",\"encrypted_password\":null}]", "[{\"name\":\"d\",\"owner\":\"r\"}]", "");
    Plan plan = planner.plan(spec, Catalogs.fresh().noRole("neon_superuser").noNeonSchema().noHealthCheck().build());
    assertThat(plan.commands()).isNotEmpty().allMatch(SqlCommand::write);
    assertThat(Arrays.stream(PhaseName.values()).filter(PhaseName::perDatabase))
        .containsExactly(PhaseName.DROP_SUBSCRIPTIONS_BEFORE_DELETE, PhaseName.DELETE_DB_ROLE_REFERENCES,
            PhaseName.CHANGE_SCHEMA_PERMS, PhaseName.DROP_LOGICAL_SUBSCRIPTIONS);
  }
}
