package dev.computectl.sql.plan;

import static dev.computectl.sql.plan.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.catalog.DatabaseFacts;
import org.junit.jupiter.api.Test;

class WorkRegardlessOfFactsTest {

  private static final String DATABASES =
      "[{\"name\":\"shop\",\"owner\":\"app\"},{\"name\":\"mine\",\"owner\":\"intern\"},"
          + "{\"name\":\"closed\",\"owner\":\"app\"}]";

  private final SpecPlanner planner = new SpecPlanner(new PlanOptions("cloud_admin", "neon_superuser"));

  private final Catalogs catalog = Catalogs.fresh().role("intern", null).role("app", null)
      .database("shop", "app").database("mine", "intern").restrictedDatabase("closed", "app");

  @Test
  void anUnchangedSpecHasNone() {
    ComputeSpec spec = spec("[]", DATABASES, "");
    assertThat(planner.databasesWithWorkRegardlessOfFacts(spec, catalog.build())).isEmpty();
  }

  @Test
  void unsettledFactsAloneDoNotCount() {
    ComputeSpec spec = spec("[]", DATABASES, "");
    assertThat(planner.databasesWithWorkRegardlessOfFacts(
        spec, catalog.facts("shop", new DatabaseFacts(true, "cloud_admin", false, false)).build()))
        .isEmpty();
  }

  @Test
  void aDeletedRoleGivesEveryAccessibleDatabaseWorkExceptWhereItIsTheSpecOwner() {
    ComputeSpec spec = spec("[]", DATABASES, "\"delta_operations\":[{\"action\":\"delete_role\",\"name\":\"intern\"}]");
    assertThat(planner.databasesWithWorkRegardlessOfFacts(spec, catalog.build())).containsExactly("shop");
  }

  @Test
  void droppingSubscriptionsGivesEveryAccessibleDatabaseWork() {
    ComputeSpec spec = spec("[]", DATABASES, "\"drop_subscriptions_before_start\": true");
    assertThat(planner.databasesWithWorkRegardlessOfFacts(spec, catalog.build()))
        .containsExactlyInAnyOrder("shop", "mine");
  }

  @Test
  void aDatabaseDeletedBeforeTheStageIsNotCounted() {
    ComputeSpec spec = spec("[]", "[]", "\"delta_operations\":[{\"action\":\"delete_db\",\"name\":\"shop\"}]");
    assertThat(planner.databasesWithWorkRegardlessOfFacts(spec, catalog.build())).isEmpty();
  }
}
