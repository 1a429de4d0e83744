package dev.computectl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.computectl.core.testing.FakeApplier;
import dev.computectl.core.testing.FakePlatform;
import dev.computectl.core.testing.Specs;
import dev.computectl.core.testing.TestNodes;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.api.PromoteConfig;
import dev.computectl.spec.api.PromoteState;
import dev.computectl.spec.api.TerminateMode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /promote on fakes: the order of its steps, its answers, and who may ask. */
class PromotionTest {

  private final FakePlatform platform = new FakePlatform();
  private final FakeApplier applier = new FakeApplier();
  private ComputeNode node;

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  private static ComputeSpec replica() throws Exception {
    return SpecJson.readSpec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": 300,"
        + " \"mode\": \"Replica\", \"cluster\": {\"roles\": [], \"databases\": [], \"settings\":"
        + " [{\"name\": \"primary_conninfo\", \"value\": \"host=10.0.0.1\", \"vartype\":"
        + " \"string\"}, {\"name\": \"port\", \"value\": \"55432\", \"vartype\": \"integer\"}]}}");
  }

  private void startReplica(Duration catchUp) throws Exception {
    platform.replica = true;
    platform.replayed = Lsn.parse("0/5000000");
    node = TestNodes.builder("c-promote", platform, applier).spec(replica())
        .timings(TestNodes.timings().withPromoteCatchUp(catchUp)).build();
    node.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
  }

  @Test
  void aCaughtUpReplicaBecomesThePrimaryOfTheGivenSpecKeepingItsPort() throws Exception {
    startReplica(Duration.ofSeconds(5));
    assertThat(applier.applied).as("a replica applies no spec").isEmpty();
    ComputeSpec oldPrimary = SpecJson.readSpec(SpecJson.write(Specs.primary("8MB"))
        .replace("\"settings\":[", "\"settings\":[{\"name\":\"port\",\"value\":\"55433\","
            + "\"vartype\":\"integer\"},"));
    assertThat(oldPrimary.cluster().setting("port")).contains("55433");
    PromoteState state = node.promote(new PromoteConfig(oldPrimary, Lsn.parse("0/4000000")));
    assertThat(state).isInstanceOf(PromoteState.Completed.class);
    assertThat(platform.promoted).isTrue();
    ComputeSpec written = platform.writtenSpecs.get(platform.writtenSpecs.size() - 1);
    assertThat(written.mode().isPrimary()).isTrue();
    assertThat(written.cluster().setting("port")).as("the replica's own port").contains("55432");
    assertThat(written.cluster().setting("primary_conninfo")).isEmpty();
    assertThat(applier.applied).hasSize(1);
    assertThat(platform.startedSpecs).as("the start, then the promotion: the storage hears of both")
        .hasSize(2);
    assertThat(platform.startedSpecs.get(1).mode().isPrimary()).isTrue();
    assertThat(node.promote(new PromoteConfig(Specs.primary("8MB"), Lsn.parse("0/4000000"))))
        .as("after a success: completed again, nothing done").isEqualTo(state);
    assertThat(applier.applied).hasSize(1);
    assertThat(node.terminate(TerminateMode.FAST).response().lsn())
        .as("a Primary's terminate answers its LSN").isEqualTo(FakePlatform.CHECKPOINT);
  }

  @Test
  void anLsnTheReplicaNeverReachesFailsNamingBoth() throws Exception {
    startReplica(Duration.ofMillis(300));
    PromoteState state = node.promote(new PromoteConfig(Specs.primary("8MB"),
        Lsn.parse("0/9000000")));
    assertThat(state).isInstanceOfSatisfying(PromoteState.Failed.class, f ->
        assertThat(f.error()).contains("0/9000000").contains("0/5000000"));
    assertThat(platform.promoted).isFalse();
    assertThat(node.status()).isEqualTo(ComputeStatus.RUNNING);
  }

  @Test
  void twoPromotesAtOnceGetOneOutcome() throws Exception {
    startReplica(Duration.ofSeconds(5));
    platform.replayed = Lsn.parse("0/1000000");
    PromoteConfig config = new PromoteConfig(Specs.primary("8MB"), Lsn.parse("0/4000000"));
    CompletableFuture<PromoteState> first = CompletableFuture.supplyAsync(() -> call(config));
    CompletableFuture<PromoteState> second = CompletableFuture.supplyAsync(() -> call(config));
    // The promotion under way polls the replay position; the other call waits for its outcome.
    int before = platform.replayReads.get();
    await().atMost(Duration.ofSeconds(5)).until(() -> platform.replayReads.get() > before + 1);
    platform.replayed = Lsn.parse("0/5000000");
    assertThat(first.get()).isInstanceOf(PromoteState.Completed.class).isEqualTo(second.get());
    assertThat(applier.applied).hasSize(1);
  }

  @Test
  void aConfigureCannotMakeAReplicaAPrimary() throws Exception {
    startReplica(Duration.ofSeconds(5));
    assertThatThrownBy(() -> node.configure(new dev.computectl.spec.api.ConfigurationRequest(
        Specs.primary("8MB"), dev.computectl.spec.ComputeCtlConfig.defaults())))
        .isInstanceOf(ComputeException.InvalidSpec.class)
        .hasMessageContaining("mode").hasMessageContaining("POST /promote");
    assertThat(node.status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(platform.promoted).isFalse();
    assertThat(platform.writtenSpecs).allSatisfy(w -> assertThat(w.mode().isPrimary()).isFalse());
  }

  @Test
  void onlyARunningReplicaMayBePromoted() throws Exception {
    node = TestNodes.builder("c-primary", platform, applier).spec(Specs.primary("4MB")).build();
    node.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
    assertThatThrownBy(() -> node.promote(new PromoteConfig(Specs.primary("8MB"),
            Lsn.parse("0/1"))))
        .isInstanceOf(ComputeException.InvalidState.class)
        .hasMessageContaining("a Primary").hasMessageContaining("running");
  }

  private PromoteState call(PromoteConfig config) {
    try {
      return node.promote(config);
    } catch (ComputeException e) {
      throw new IllegalStateException(e);
    }
  }
}
