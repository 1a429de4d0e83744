package dev.computectl.sql.catalog;

import static dev.computectl.sql.catalog.DatabaseSpecs.withDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeSpec;
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

  @Test
  void withoutSharedProofEveryAccessibleSpecDatabaseIsReadOnceInSpecOrder() {
    assertThat(FactsToRead.select(SPEC, SNAPSHOT, Optional.empty(), Set.of())).containsExactly("b", "a");
  }

  @Test
  void aDatabaseWithoutAnyDefaultAclForThePrivilegedRoleIsNotRead() {
    assertThat(FactsToRead.select(SPEC, SNAPSHOT, Optional.of(Set.of("a", "other")), Set.of())).containsExactly("a");
  }

  @Test
  void noDefaultAclAnywhereMeansNoRead() {
    assertThat(FactsToRead.select(SPEC, SNAPSHOT, Optional.of(Set.of()), Set.of())).isEmpty();
  }

  @Test
  void aDefaultAclInAnInaccessibleDatabaseDoesNotMakeItReadable() {
    assertThat(FactsToRead.select(SPEC, SNAPSHOT, Optional.of(Set.of("locked", "broken", "missing", "b")), Set.of()))
        .containsExactly("b");
  }

  @Test
  void aDatabaseThatGetsASessionAnywayIsNotReadFirst() {
    assertThat(FactsToRead.select(SPEC, SNAPSHOT, Optional.empty(), Set.of("b"))).containsExactly("a");
  }


  @Test
  void template1IsReadWhenTheSpecCreatesADatabaseFromIt() {
    Map<String, CatalogDatabase> withTemplate = new java.util.HashMap<>(SNAPSHOT.databases());
    withTemplate.put("template1", new CatalogDatabase("template1", "cloud_admin", false, false));
    CatalogSnapshot snapshot = new CatalogSnapshot(
        Map.of(), withTemplate, Map.of(), Map.of(), Map.of(), 150018, true, true, false);

    assertThat(FactsToRead.select(SPEC, snapshot, Optional.of(Set.of()), Set.of())).containsExactly("template1");
    ComputeSpec onlyExisting = withDatabases("[{\"name\": \"a\", \"owner\": \"r\"}]");
    assertThat(FactsToRead.select(onlyExisting, snapshot, Optional.of(Set.of()), Set.of())).isEmpty();
    ComputeSpec ownTemplate = withDatabases("[{\"name\": \"new\", \"owner\": \"r\", \"options\":"
        + " [{\"name\": \"template\", \"value\": \"template0\", \"vartype\": \"string\"}]}]");
    assertThat(FactsToRead.select(ownTemplate, snapshot, Optional.of(Set.of()), Set.of())).isEmpty();
  }
}
