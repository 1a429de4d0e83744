package dev.computectl.testkit.e2e;

import static dev.computectl.testkit.e2e.ScenarioSupport.sql;
import static dev.computectl.testkit.e2e.StorageSupport.RUNNING;
import static dev.computectl.testkit.e2e.StorageSupport.count;
import static dev.computectl.testkit.e2e.StorageSupport.insert;
import static dev.computectl.testkit.e2e.StorageSupport.newTimeline;
import static dev.computectl.testkit.e2e.StorageSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.api.PromoteConfig;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.spec.SpecBuilder;
import dev.computectl.testkit.storage.TestRepository;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Replicas on a pgBackRest repository: a replica restores as a standby and follows its primary,
 * a promoted one is the timeline's Primary from then on (it archives, takes backups, and its
 * rows survive a restart on its disk and on a wiped one), and a replica that had to copy its
 * upstream restarts on its disk. One repository for the class; each test uses timelines of its
 * own.
 */
class ReplicaStorageScenariosIT {

  private static final StorageFixture storage = new StorageFixture();
  private static final TestRepository repo = storage.repo();

  @AfterAll
  static void removeRepositoryAndDisks() throws Exception {
    storage.close();
  }

  /** Neon's takeover: the primary terminates, the replica is promoted with its spec and LSN. */
  private static void takeOver(TestCompute primary, TestCompute replica, SpecBuilder spec) {
    Lsn stopped = primary.client().terminate().lsn();
    var answer = replica.client().external("POST", "/promote",
        SpecJson.write(new PromoteConfig(spec.build(), stopped)));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  @Test
  void aReplicaOnTheRepositoryRestoresAsAStandbyAndFollowsItsPrimary() throws Exception {
    String timeline = newTimeline();
    try (TestCompute primary = storage.primary(timeline)) {
      await().atMost(RUNNING).until(() -> repo.hasBackup(timeline));
      insert(primary, 1, 10);
      // Its cluster archives to this timeline's stanza: a configure cannot move it elsewhere.
      var elsewhere = ScenarioSupport.configureRaw(primary, spec(newTimeline()));
      assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(400);
      assertThat(elsewhere.body()).contains("timeline_id").contains("stanza");
      assertThat(primary.status()).isEqualTo(ComputeStatus.RUNNING);
      try (TestCompute replica = TestCompute.builder().pgbackrest(repo).spec(spec(timeline))
          .replicaOf(primary).start().awaitRunning()) {
        assertThat(replica.logLines()).anyMatch(l -> l.contains("as a standby"));
        var asPrimary = ScenarioSupport.configureRaw(replica, spec(timeline));
        assertThat(asPrimary.statusCode()).as(asPrimary.body()).isEqualTo(400);
        assertThat(asPrimary.body()).contains("POST /promote");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> count(replica) == 10);
        insert(primary, 11, 20);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(replica) == 20);
        assertThat(sql(replica, "SELECT pg_is_in_recovery()")).isEqualTo("t");
      }
    }
  }

  /**
   * Neon's takeover on the repository: the promoted replica is the timeline's Primary from then
   * on, so what it commits is archived and a start after its terminate, on a wiped PGDATA, has it.
   */
  @Test
  void aPromotedReplicaArchivesItsWritesAndTheNextStartRestoresThem() throws Exception {
    String timeline = newTimeline();
    SpecBuilder spec = spec(timeline);
    Path replicaData = storage.pgdata("promoted-");
    try (TestCompute primary = storage.primary(timeline)) {
      await().atMost(RUNNING).until(() -> repo.hasBackup(timeline));
      insert(primary, 1, 10);
      try (TestCompute replica = TestCompute.builder().pgbackrest(repo).spec(spec(timeline))
          .pgdata(replicaData).replicaOf(primary).start().awaitRunning()) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> count(replica) == 10);
        takeOver(primary, replica, spec);
        insert(replica, 11, 20);
        assertThat(sql(replica, "SHOW archive_mode")).isEqualTo("on");
        Lsn last = replica.client().terminate().lsn();
        assertThat(last).as("a Primary's terminate promises its LSN").isNotNull();
      }
    }
    try (TestCompute kept = storage.primaryOn(timeline, replicaData)) {
      assertThat(count(kept)).as("a restart on the promoted replica's disk").isEqualTo(20);
      assertThat(kept.logLines()).anyMatch(l -> l.contains("kept the cleanly stopped cluster"));
      kept.client().terminate();
    }
    try (TestCompute next = storage.primary(timeline)) {
      assertThat(count(next)).as("the promoted replica's rows came back from the repository")
          .isEqualTo(20);
    }
  }

  @Test
  void aReplicaStartedBeforeTheFirstBackupRestartsOnItsDisk() throws Exception {
    String timeline = newTimeline();
    Path replicaData = storage.pgdata("early-replica-");
    // Its timeline has no backup in the repository yet (here: its primary keeps no data there),
    // so the replica copies its upstream.
    try (TestCompute primary = TestCompute.builder().spec(spec(timeline)).start()
        .awaitRunning()) {
      insert(primary, 1, 10);
      try (TestCompute replica = TestCompute.builder().pgbackrest(repo).spec(spec(timeline))
          .pgdata(replicaData).replicaOf(primary).start().awaitRunning()) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> count(replica) == 10);
      }
      insert(primary, 11, 20);
      try (TestCompute again = TestCompute.builder().pgbackrest(repo).spec(spec(timeline))
          .pgdata(replicaData).replicaOf(primary).start().awaitRunning()) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> count(again) == 20);
      }
    }
  }

  /**
   * The timeline was never kept in this repository (its primary was not on it), so the promoted
   * replica creates the stanza with its first backup; from then on it is durable there.
   */
  @Test
  void aPromotedReplicaOfATimelineNewToTheRepositoryCreatesItsStanza() throws Exception {
    String timeline = newTimeline();
    SpecBuilder spec = spec(timeline);
    try (TestCompute primary = TestCompute.builder().spec(spec(timeline)).start()
        .awaitRunning()) {
      insert(primary, 1, 10);
      try (TestCompute replica = TestCompute.builder().pgbackrest(repo).spec(spec(timeline))
          .replicaOf(primary).start().awaitRunning()) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> count(replica) == 10);
        takeOver(primary, replica, spec);
        insert(replica, 11, 20);
        await().atMost(RUNNING).until(() -> repo.hasBackup(timeline));
        assertThat(replica.logLines()).anyMatch(l -> l.contains("created stanza " + timeline));
        assertThat(replica.client().terminate().lsn()).isNotNull();
      }
    }
    try (TestCompute next = storage.primary(timeline)) {
      assertThat(count(next)).isEqualTo(20);
    }
  }
}
