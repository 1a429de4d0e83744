package dev.computectl.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.core.testing.Specs;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecProblem;
import org.junit.jupiter.api.Test;

/** What a reconfigure of a running compute cannot change. */
class SpecPolicyChangeTest {

  private static final SpecPolicy FRESH = SpecPolicy.of("cloud_admin",
      dev.computectl.core.storage.FreshStorage.uncached());
  private static final SpecPolicy PGBACKREST = SpecPolicy.of("cloud_admin",
      dev.computectl.core.storage.PgBackRestStorage.of(java.nio.file.Path.of("/etc/pgbr.conf"),
          dev.computectl.core.storage.FreshStorage.uncached()));

  private static final String TL_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String TL_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

  private static ComputeSpec withMode(ComputeSpec spec, String modeJson) throws Exception {
    String json = SpecJson.write(spec);
    assertThat(json).contains("\"mode\":\"Primary\"");
    return SpecJson.readSpec(json.replace("\"mode\":\"Primary\"", "\"mode\":" + modeJson));
  }

  @Test
  void settingsRolesAndDatabasesMayChange() {
    assertThat(PGBACKREST.changeProblems(Specs.primaryOf(TL_A, "4MB"),
        Specs.primaryOf(TL_A, "8MB"))).isEmpty();
  }

  @Test
  void nothingRunsYetSoAnythingGoes() {
    assertThat(PGBACKREST.changeProblems(null, Specs.primaryOf(TL_B, "4MB"))).isEmpty();
  }

  @Test
  void onPgbackrestStorageAnotherTimelineIsRefusedNamingBoth() {
    assertThat(PGBACKREST.changeProblems(Specs.primaryOf(TL_A, "4MB"),
        Specs.primaryOf(TL_B, "4MB")))
        .singleElement()
        .satisfies(p -> {
          assertThat(p.path()).isEqualTo("timeline_id");
          assertThat(p.message()).contains(TL_A).contains(TL_B).contains("stanza")
              .contains("start it again");
        });
  }

  @Test
  void onAFreshInitdbTheTimelineIsALabelAndMayChange() {
    assertThat(FRESH.changeProblems(Specs.primaryOf(TL_A, "4MB"), Specs.primaryOf(TL_B, "4MB")))
        .isEmpty();
  }

  @Test
  void aReplicaIsPointedToPromote() throws Exception {
    ComputeSpec replica = withMode(Specs.primaryOf(TL_A, "4MB"), "\"Replica\"");
    assertThat(FRESH.changeProblems(replica, Specs.primaryOf(TL_A, "4MB")))
        .extracting(SpecProblem::path, SpecProblem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("mode", "the compute runs as Replica"
            + " and cannot become Primary while it runs; a Replica becomes a Primary by POST"
            + " /promote"));
  }

  @Test
  void aPrimaryCannotBecomeAReplicaNorAStaticComputeMoveItsLsn() throws Exception {
    ComputeSpec primary = Specs.primaryOf(TL_A, "4MB");
    assertThat(FRESH.changeProblems(primary, withMode(primary, "\"Replica\"")))
        .extracting(SpecProblem::path).containsExactly("mode");
    ComputeSpec at1 = withMode(primary, "{\"Static\": \"0/16B3748\"}");
    ComputeSpec at2 = withMode(primary, "{\"Static\": \"0/2000000\"}");
    assertThat(FRESH.changeProblems(at1, at2)).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("0/16B3748").contains("0/2000000"));
    assertThat(FRESH.changeProblems(at1, withMode(primary,
        "{\"Static\": \"0/16B3748\"}"))).isEmpty();
  }
}
