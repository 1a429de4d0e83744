package dev.computectl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.computectl.core.port.PgdataResult;
import dev.computectl.core.testing.FakeApplier;
import dev.computectl.core.testing.FakePlatform;
import dev.computectl.core.testing.Specs;
import dev.computectl.core.testing.TestNodes;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.Lsn;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Primary whose storage restored PGDATA starts as a standby replaying the archive: the start asks
 * it to promote once, then applies the spec to the promoted server. One started on a cluster that
 * replays nothing is never asked.
 */
class RestoredPrimaryStartTest {

  private final FakePlatform platform = new FakePlatform();
  private final FakeApplier applier = new FakeApplier();
  private ComputeNode node;

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  private void start() throws Exception {
    node = TestNodes.builder("c-restored", platform, applier).spec(Specs.primary("8MB")).build();
    node.start();
  }

  @Test
  void aRestoredPrimaryIsAskedToPromoteOnceAndAppliedAfterIt() throws Exception {
    platform.replica = true; // in recovery until promoted
    platform.prepared = new PgdataResult(Duration.ofMillis(30), 1 << 20,
        Lsn.parse("0/3000000"), "restored timeline t to the end of the archive");
    start();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
    assertThat(platform.promotionRequests).hasValue(1);
    assertThat(platform.promoted).isTrue();
    assertThat(applier.applied).hasSize(1);
  }

  @Test
  void aKeptClusterThatStillReplaysItsRestoreIsPromotedToo() throws Exception {
    platform.replica = true;
    platform.prepared = new PgdataResult(Duration.ofMillis(3), 1 << 20, null,
        "crash recovery of the kept cluster, resuming the replay of its restore", true);
    start();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
    assertThat(platform.promotionRequests).hasValue(1);
    assertThat(applier.applied).hasSize(1);
  }

  @Test
  void aClusterThatReplaysNothingIsNeverAskedToPromote() throws Exception {
    start();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
    assertThat(platform.promotionRequests).hasValue(0);
    assertThat(applier.applied).hasSize(1);
  }
}
