package dev.computectl.sql.plan;

import static dev.computectl.sql.plan.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.catalog.DatabaseFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Phase 8b: exact statements from known facts, server-checked blocks without them. */
class SchemaPermsPlanningTest {

  private static final String TABLES =
      "ALTER DEFAULT PRIVILEGES IN SCHEMA \"public\" GRANT ALL ON TABLES TO \"neon_superuser\" WITH GRANT OPTION";
  private static final String SEQUENCES =
      "ALTER DEFAULT PRIVILEGES IN SCHEMA \"public\" GRANT ALL ON SEQUENCES TO \"neon_superuser\" WITH GRANT OPTION";
  private static final String WEB_ACCESS = "GRANT CREATE ON SCHEMA \"public\" TO \"web_access\"";

  private final SpecPlanner planner = new SpecPlanner(new PlanOptions("cloud_admin", "neon_superuser"));

  private static final ComputeSpec SHOP = spec("[]", "[{\"name\":\"shop\",\"owner\":\"app\"}]", "");

  private List<String> perms(ComputeSpec spec, Catalogs catalog) {
    return planner.plan(spec, catalog.build()).phase(PhaseName.CHANGE_SCHEMA_PERMS).commands().stream()
        .map(SqlCommand::sql).toList();
  }

  @Test
  void knownFactsPlanExactlyTheMissingStatements() {
    Catalogs missingDefaults = Catalogs.fresh().role("app", null).role("web_access", null).database("shop", "app")
        .facts("shop", new DatabaseFacts.Known(true, "pg_database_owner", true, false));
    assertThat(perms(SHOP, missingDefaults)).containsExactly(TABLES, SEQUENCES);

    Catalogs everythingMissing = Catalogs.fresh().role("app", null).role("web_access", null).database("shop", "app")
        .facts("shop", new DatabaseFacts.Known(true, "cloud_admin", false, false));
    assertThat(perms(SHOP, everythingMissing)).containsExactly(
        "ALTER SCHEMA \"public\" OWNER TO \"app\"", WEB_ACCESS, TABLES, SEQUENCES);
  }

  @Test
  void aSchemaOwnedByAnyoneButAnAdminIsLeftAlone() {
    Catalogs userOwned = Catalogs.fresh().role("app", null).database("shop", "app")
        .facts("shop", new DatabaseFacts.Known(true, "someone_else", true, true));
    assertThat(perms(SHOP, userOwned)).isEmpty();
    Catalogs noSchema = Catalogs.fresh().role("app", null).database("shop", "app")
        .facts("shop", new DatabaseFacts.Known(false, null, false, false));
    assertThat(perms(SHOP, noSchema)).isEmpty();
  }

  @Test
  void theWebAccessGrantWaitsForPostgres15() {
    Catalogs pg14 = Catalogs.fresh().serverVersion(140011).role("app", null).role("web_access", null)
        .database("shop", "app").facts("shop", new DatabaseFacts.Known(true, "pg_database_owner", false, true));
    assertThat(perms(SHOP, pg14)).isEmpty();
  }

  @Test
  void aWebAccessRoleThisPlanCreatesStillGetsItsGrant() {
    ComputeSpec spec = spec("[{\"name\":\"web_access\"}]", "[{\"name\":\"shop\",\"owner\":\"app\"}]", "");
    // Read before web_access existed, the facts say "nothing to grant".
    Catalogs catalog = Catalogs.fresh().role("app", null).database("shop", "app");
    assertThat(perms(spec, catalog)).containsExactly(WEB_ACCESS);
  }

  @Test
  void aWebAccessRoleThisPlanDropsIsGrantedNothingFirst() {
    ComputeSpec spec = spec("[]", "[{\"name\":\"shop\",\"owner\":\"app\"},{\"name\":\"new\",\"owner\":\"app\"}]",
        "\"delta_operations\": [{\"action\": \"delete_role\", \"name\": \"web_access\"}]");
    Catalogs catalog = Catalogs.fresh().role("app", null).role("web_access", null).database("shop", "app")
        .facts("shop", new DatabaseFacts.Known(true, "pg_database_owner", false, true));
    List<SqlCommand> commands =
        planner.plan(spec, catalog.build()).phase(PhaseName.CHANGE_SCHEMA_PERMS).commands();
    assertThat(commands).extracting(SqlCommand::sql).noneMatch(sql -> sql.equals(WEB_ACCESS));
    // "new" is created here without template facts: planned blind, and still no grant in the block.
    assertThat(commands).filteredOn(c -> c.target().equals(Target.database("new")))
        .extracting(SqlCommand::sql).hasSize(2).noneMatch(sql -> sql.contains("web_access"));
  }

  @Test
  void aDatabaseCreatedHereStartsWithTheFactsOfTemplate1() {
    ComputeSpec spec = spec("[]", "[{\"name\":\"new\",\"owner\":\"app\"}]", "");
    Catalogs catalog = Catalogs.fresh().role("app", null)
        .facts("template1", new DatabaseFacts.Known(true, "pg_database_owner", true, false));
    List<SqlCommand> commands =
        planner.plan(spec, catalog.build()).phase(PhaseName.CHANGE_SCHEMA_PERMS).commands();
    assertThat(commands).extracting(SqlCommand::sql).containsExactly(TABLES, SEQUENCES);
    assertThat(commands).allMatch(c -> c.target().equals(Target.database("new")));
  }

  @Test
  void withoutTemplateFactsOrWithItsOwnTemplateANewDatabaseGetsTheServerCheckedBlocks() {
    ComputeSpec plain = spec("[]", "[{\"name\":\"new\",\"owner\":\"app\"}]", "");
    assertThat(perms(plain, Catalogs.fresh().role("app", null))).hasSize(2).allMatch(sql -> sql.startsWith("DO "));

    ComputeSpec ownTemplate = spec("[]", "[{\"name\":\"new\",\"owner\":\"app\",\"options\":"
        + "[{\"name\":\"template\",\"value\":\"template0\",\"vartype\":\"string\"}]}]", "");
    Catalogs withTemplateFacts = Catalogs.fresh().role("app", null)
        .facts("template1", new DatabaseFacts.Known(true, "pg_database_owner", true, true));
    assertThat(perms(ownTemplate, withTemplateFacts)).hasSize(2).allMatch(sql -> sql.startsWith("DO "));
  }

  @Test
  void aSettledDatabaseGetsNothingAndAnUnknownOneTheServerCheckedBlocks() {
    Catalogs catalog = Catalogs.fresh().role("app", null).database("shop", "app");
    assertThat(perms(SHOP, catalog.facts("shop", DatabaseFacts.settled()))).isEmpty();
    assertThat(perms(SHOP, catalog.facts("shop", DatabaseFacts.unknown())))
        .hasSize(2).allMatch(sql -> sql.startsWith("DO "));
  }

  @Test
  void aSettledDatabaseStillGetsTheGrantOfAWebAccessRoleThisPlanCreates() {
    ComputeSpec spec = spec("[{\"name\":\"web_access\"}]", "[{\"name\":\"shop\",\"owner\":\"app\"}]", "");
    Catalogs catalog = Catalogs.fresh().role("app", null).database("shop", "app").facts("shop", DatabaseFacts.settled());
    assertThat(perms(spec, catalog)).hasSize(2).allMatch(sql -> sql.startsWith("DO "))
        .anyMatch(sql -> sql.contains("web_access"));
  }

  @Test
  void aSettledTemplateSaysNothingOfTheDatabasesCopiedFromIt() {
    ComputeSpec spec = spec("[]", "[{\"name\":\"new\",\"owner\":\"app\"}]", "");
    Catalogs catalog = Catalogs.fresh().role("app", null).facts("template1", DatabaseFacts.settled());
    assertThat(perms(spec, catalog)).hasSize(2).allMatch(sql -> sql.startsWith("DO "));
  }
}
