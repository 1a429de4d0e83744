package dev.computectl.sql.internal.facts;

import dev.computectl.sql.catalog.DatabaseFacts;
import dev.computectl.sql.catalog.CatalogSnapshot;
import dev.computectl.sql.catalog.CatalogRole;
import dev.computectl.sql.catalog.CatalogDatabase;
import static dev.computectl.sql.internal.facts.DatabaseSpecs.spec;
import static dev.computectl.sql.internal.facts.DatabaseSpecs.withDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.plan.Phase;
import dev.computectl.sql.plan.PhaseName;
import dev.computectl.sql.plan.PlanOptions;
import dev.computectl.sql.plan.SpecPlanner;
import dev.computectl.sql.plan.SqlCommand;
import dev.computectl.sql.plan.Target;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FactsToReadTest {

  private static final ComputeSpec SPEC = withDatabases(
      "[{\"name\": \"b\", \"owner\": \"r\"}, {\"name\": \"a\", \"owner\": \"r\"},"
          + " {\"name\": \"b\", \"owner\": \"r\"}, {\"name\": \"missing\", \"owner\": \"r\"},"
          + " {\"name\": \"locked\", \"owner\": \"r\"}, {\"name\": \"broken\", \"owner\": \"r\"}]");

  private static final CatalogSnapshot SNAPSHOT = new CatalogSnapshot(
      Map.of(),
      Map.of(
          "a", new CatalogDatabase("a", "r", false, false),
          "b", new CatalogDatabase("b", "r", false, false),
          "locked", new CatalogDatabase("locked", "r", true, false),
          "broken", new CatalogDatabase("broken", "r", false, true),
          "other", new CatalogDatabase("other", "r", false, false)),
      Map.of(), Map.of(), Map.of(), 150018, true, true, false);

  private static FactsToRead select(ComputeSpec spec, CatalogSnapshot snapshot, Optional<Set<String>> proof,
      Set<String> settled) {
    return FactsToRead.select(spec, snapshot, proof, settled, "cloud_admin");
  }

  @Test
  void withoutSharedProofEveryAccessibleSpecDatabaseIsReadOnceInSpecOrder() {
    assertThat(select(SPEC, SNAPSHOT, Optional.empty(), Set.of()).toRead()).containsExactly("b", "a");
  }

  @Test
  void aDatabaseWithoutAnyDefaultAclForThePrivilegedRoleIsNotRead() {
    assertThat(select(SPEC, SNAPSHOT, Optional.of(Set.of("a", "other")), Set.of()).toRead()).containsExactly("a");
  }

  @Test
  void noDefaultAclAnywhereMeansNoRead() {
    assertThat(select(SPEC, SNAPSHOT, Optional.of(Set.of()), Set.of()).toRead()).isEmpty();
  }

  @Test
  void aDefaultAclInAnInaccessibleDatabaseDoesNotMakeItReadable() {
    assertThat(select(SPEC, SNAPSHOT, Optional.of(Set.of("locked", "broken", "missing", "b")), Set.of()).toRead())
        .containsExactly("b");
  }

  @Test
  void aSettledDatabaseIsNotReadAndIsPlannedAsSettledTheOthersAsRead() {
    FactsToRead selected = select(SPEC, SNAPSHOT, Optional.empty(), Set.of("b", "locked"));
    assertThat(selected.toRead()).containsExactly("a");
    assertThat(selected.settled()).containsExactly("b");

    DatabaseFacts a = new DatabaseFacts.Known(true, "r", true, true);
    Map<String, DatabaseFacts> facts = selected.facts(Map.of("a", a));
    assertThat(facts).containsOnly(Map.entry("a", a), Map.entry("b", DatabaseFacts.settled()));
  }

  @Test
  void aDatabaseThatGetsASessionAnywayIsNotReadFirst() {
    ComputeSpec dropping = spec("[]", "[{\"name\": \"b\", \"owner\": \"r\"}, {\"name\": \"a\", \"owner\": \"r\"}]",
        "\"drop_subscriptions_before_start\": true");
    assertThat(select(dropping, SNAPSHOT, Optional.empty(), Set.of()).toRead()).isEmpty();
    CatalogSnapshot dropped = new CatalogSnapshot(Map.of(), SNAPSHOT.databases(), Map.of(), Map.of(), Map.of(),
        150018, true, true, true);
    assertThat(select(dropping, dropped, Optional.empty(), Set.of()).toRead()).containsExactly("b", "a");
  }

  @Test
  void template1IsReadWhenTheSpecCreatesADatabaseFromItEvenIfSettled() {
    Map<String, CatalogDatabase> withTemplate = new HashMap<>(SNAPSHOT.databases());
    withTemplate.put("template1", new CatalogDatabase("template1", "cloud_admin", false, false));
    CatalogSnapshot snapshot = new CatalogSnapshot(
        Map.of(), withTemplate, Map.of(), Map.of(), Map.of(), 150018, true, true, false);

    assertThat(select(SPEC, snapshot, Optional.of(Set.of()), Set.of()).toRead()).containsExactly("template1");
    ComputeSpec onlyExisting = withDatabases("[{\"name\": \"a\", \"owner\": \"r\"}]");
    assertThat(select(onlyExisting, snapshot, Optional.of(Set.of()), Set.of()).toRead()).isEmpty();
    ComputeSpec ownTemplate = withDatabases("[{\"name\": \"new\", \"owner\": \"r\", \"options\":"
        + " [{\"name\": \"template\", \"value\": \"template0\", \"vartype\": \"string\"}]}]");
    assertThat(select(ownTemplate, snapshot, Optional.of(Set.of()), Set.of()).toRead()).isEmpty();

    ComputeSpec templateAndNew = withDatabases(
        "[{\"name\": \"template1\", \"owner\": \"cloud_admin\"}, {\"name\": \"new\", \"owner\": \"r\"}]");
    FactsToRead selected = select(templateAndNew, snapshot, Optional.empty(), Set.of("template1"));
    assertThat(selected.toRead()).containsExactly("template1");
    assertThat(selected.settled()).isEmpty();
  }

  // Which databases get per-database work whatever their facts: the rule must match the planner.

  private static final String DATABASES =
      "[{\"name\":\"shop\",\"owner\":\"app\"},{\"name\":\"mine\",\"owner\":\"intern\"},"
          + "{\"name\":\"closed\",\"owner\":\"app\"}]";

  private static final CatalogSnapshot CLUSTER = new CatalogSnapshot(
      Map.of("cloud_admin", new CatalogRole("cloud_admin", null), "neon_superuser", new CatalogRole("neon_superuser", null),
          "intern", new CatalogRole("intern", null), "app", new CatalogRole("app", null)),
      Map.of("postgres", new CatalogDatabase("postgres", "cloud_admin", false, false),
          "shop", new CatalogDatabase("shop", "app", false, false),
          "mine", new CatalogDatabase("mine", "intern", false, false),
          "closed", new CatalogDatabase("closed", "app", true, false)),
      Map.of(), Map.of(), Map.of(), 150018, true, true, false);

  /** The databases that get per-database work, and the planner agrees with the rule. */
  private static Set<String> workAnyway(String roles, String extra) {
    ComputeSpec spec = spec(roles, DATABASES, extra);
    Set<String> rule = FactsToRead.workRegardlessOfFacts(spec, CLUSTER, "cloud_admin");
    rule.retainAll(CLUSTER.databases().keySet().stream()
        .filter(name -> CLUSTER.databases().get(name).accessible()).toList());
    assertThat(rule).as("rule vs planner").isEqualTo(plannedWithEverythingSettled(spec));
    return rule;
  }

  private static Set<String> plannedWithEverythingSettled(ComputeSpec spec) {
    Map<String, DatabaseFacts> settled = new HashMap<>();
    CLUSTER.databases().keySet().forEach(name -> settled.put(name, DatabaseFacts.settled()));
    Set<String> names = new HashSet<>();
    SpecPlanner planner = new SpecPlanner(new PlanOptions("cloud_admin", "neon_superuser"));
    for (Phase phase : planner.plan(spec, CLUSTER.withDatabaseFacts(settled)).phases()) {
      if (phase.name().perDatabase() && phase.name() != PhaseName.DROP_SUBSCRIPTIONS_BEFORE_DELETE) {
        for (SqlCommand command : phase.commands()) {
          if (command.target() instanceof Target.InDatabase db) {
            names.add(db.name());
          }
        }
      }
    }
    return names;
  }

  @Test
  void anUnchangedSpecHasNoWorkAnyway() {
    assertThat(workAnyway("[]", "")).isEmpty();
  }

  @Test
  void aDeletedRoleGivesEveryAccessibleDatabaseWorkExceptWhereItIsTheSpecOwner() {
    assertThat(workAnyway("[]", "\"delta_operations\":[{\"action\":\"delete_role\",\"name\":\"intern\"}]"))
        .containsExactly("shop");
  }

  @Test
  void aDeletedRoleCountsWhenTheSpecCreatesItOrARenameBringsIt() {
    assertThat(workAnyway("[{\"name\":\"temp\"}]", "\"delta_operations\":[{\"action\":\"delete_role\",\"name\":\"temp\"}]"))
        .containsExactlyInAnyOrder("shop", "mine");
    assertThat(workAnyway("[]", "\"delta_operations\":[{\"action\":\"rename_role\",\"name\":\"intern\","
        + "\"new_name\":\"gone\"},{\"action\":\"delete_role\",\"name\":\"gone\"}]"))
        .containsExactlyInAnyOrder("shop", "mine");
    assertThat(workAnyway("[]", "\"delta_operations\":[{\"action\":\"rename_role\",\"name\":\"intern\","
        + "\"new_name\":\"gone\"},{\"action\":\"delete_role\",\"name\":\"intern\"}]"))
        .isEmpty();
  }

  @Test
  void neitherAMissingRoleNorTheAdminRoleCounts() {
    assertThat(workAnyway("[]", "\"delta_operations\":[{\"action\":\"delete_role\",\"name\":\"nobody\"},"
        + "{\"action\":\"delete_role\",\"name\":\"cloud_admin\"}]")).isEmpty();
  }

  @Test
  void droppingSubscriptionsGivesEveryAccessibleDatabaseWork() {
    assertThat(workAnyway("[]", "\"drop_subscriptions_before_start\": true")).containsExactlyInAnyOrder("shop", "mine");
  }
}
