package dev.computectl.sql.internal.facts;

import static dev.computectl.sql.internal.facts.DatabaseSpecs.withDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettledDatabasesTest {

  private static final ComputeSpec SPEC = withDatabases("[{\"name\": \"a\", \"owner\": \"r\"}, {\"name\": \"b\", \"owner\": \"r\"}]");

  private final SettledDatabases settled = new SettledDatabases();

  private static SharedMarks marks(Map<String, SharedMarks.Mark> dbs) {
    return new SharedMarks(dbs, 20000, true, 0);
  }

  private static Map<String, SharedMarks.Mark> both() {
    Map<String, SharedMarks.Mark> dbs = new HashMap<>();
    dbs.put("a", new SharedMarks.Mark(16400, true, "826:16500:0:20000:a 826:16501:0:20000:a", true));
    dbs.put("b", new SharedMarks.Mark(16401, true, "826:16502:0:20000:a 826:16503:0:20000:a", true));
    return dbs;
  }

  private Set<String> stillSettled(ComputeSpec spec, SharedMarks marks) {
    return settled.stillSettled(spec, marks, "cloud_admin", "neon_superuser", 150018);
  }

  @Test
  void nothingIsSettledBeforeTheFirstApply() {
    assertThat(stillSettled(SPEC, marks(both()))).isEmpty();
  }

  @Test
  void anUnchangedDatabaseStaysSettled() {
    settled.settle(SPEC, Set.of("a", "b"), marks(both()), "cloud_admin", "neon_superuser", 150018);
    assertThat(stillSettled(SPEC, marks(both()))).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void onlyTheNamedDatabasesAreSettled() {
    settled.settle(SPEC, Set.of("a"), marks(both()), "cloud_admin", "neon_superuser", 150018);
    assertThat(stillSettled(SPEC, marks(both()))).containsExactly("a");
  }

  @Test
  void changedSharedDependenciesUnsettleOnlyThatDatabase() {
    settled.settle(SPEC, Set.of("a", "b"), marks(both()), "cloud_admin", "neon_superuser", 150018);
    Map<String, SharedMarks.Mark> dropped = both();
    dropped.put("a", new SharedMarks.Mark(16400, true, "", false)); // schema public dropped with its default ACLs
    assertThat(stillSettled(SPEC, marks(dropped))).containsExactly("b");
  }

  @Test
  void aRecreatedDatabaseOrRoleUnsettles() {
    settled.settle(SPEC, Set.of("a", "b"), marks(both()), "cloud_admin", "neon_superuser", 150018);
    Map<String, SharedMarks.Mark> recreated = both();
    recreated.put("b", new SharedMarks.Mark(16999, true, both().get("b").dependencies(), true));
    assertThat(stillSettled(SPEC, marks(recreated))).containsExactly("a");
    assertThat(stillSettled(SPEC, new SharedMarks(both(), 20001, true, 0))).isEmpty();
    assertThat(stillSettled(SPEC, new SharedMarks(both(), 20000, true, 30000))).isEmpty(); // web_access appeared
  }

  @Test
  void aNewSpecOwnerOrPrivilegedRoleUnsettles() {
    settled.settle(SPEC, Set.of("a", "b"), marks(both()), "cloud_admin", "neon_superuser", 150018);
    ComputeSpec newOwner = withDatabases("[{\"name\": \"a\", \"owner\": \"other\"}, {\"name\": \"b\", \"owner\": \"r\"}]");
    assertThat(stillSettled(newOwner, marks(both()))).containsExactly("b");
    assertThat(settled.stillSettled(SPEC, marks(both()), "cloud_admin", "other_priv", 150018)).isEmpty();
  }

  @Test
  void aDatabaseThatNoLongerAcceptsConnectionsIsNotSettled() {
    settled.settle(SPEC, Set.of("a", "b"), marks(both()), "cloud_admin", "neon_superuser", 150018);
    Map<String, SharedMarks.Mark> locked = both();
    locked.put("a", new SharedMarks.Mark(16400, false, both().get("a").dependencies(), true));
    assertThat(stillSettled(SPEC, marks(locked))).containsExactly("b");
  }

  @Test
  void aWebAccessRoleTheSpecIsAboutToCreateUnsettlesEverything() {
    settled.settle(SPEC, Set.of("a", "b"), marks(both()), "cloud_admin", "neon_superuser", 150018);
    ComputeSpec withWebAccess = DatabaseSpecs.withRoleAndDatabases("web_access",
        "[{\"name\": \"a\", \"owner\": \"r\"}, {\"name\": \"b\", \"owner\": \"r\"}]");
    assertThat(stillSettled(withWebAccess, marks(both()))).isEmpty();
    // Once it exists, its oid is part of every key: the next apply settles them again.
    assertThat(stillSettled(SPEC, marks(both()))).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void forgettingUnsettlesEverything() {
    settled.settle(SPEC, Set.of("a", "b"), marks(both()), "cloud_admin", "neon_superuser", 150018);
    settled.forget();
    assertThat(stillSettled(SPEC, marks(both()))).isEmpty();
    assertThat(settled.size()).isZero();
  }

  @Test
  void aStoredKeyCannotBeShiftedFromOneFieldIntoAnother() {
    SettledDatabases.Key owner = new SettledDatabases.Key(1, "ab", "c", "p", 2, 0, "", 150018);
    SettledDatabases.Key admin = new SettledDatabases.Key(1, "a", "bc", "p", 2, 0, "", 150018);
    assertThat(owner.render()).isNotEqualTo(admin.render());
    assertThat(owner.render()).isEqualTo(new SettledDatabases.Key(1, "ab", "c", "p", 2, 0, "", 150018).render());
  }
}
