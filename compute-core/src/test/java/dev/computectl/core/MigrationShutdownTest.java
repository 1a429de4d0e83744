package dev.computectl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.computectl.core.port.MigrationTask;
import dev.computectl.core.port.Signal;
import dev.computectl.core.testing.FakeApplier;
import dev.computectl.core.testing.FakePlatform;
import dev.computectl.core.testing.Specs;
import dev.computectl.core.testing.TestNodes;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.TerminateMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A terminate lets the migrations end before it stops Postgres; a stuck one is no error. */
class MigrationShutdownTest {

  private final FakePlatform platform = new FakePlatform();
  private final CountDownLatch migrating = new CountDownLatch(1);
  private final List<String> events = new CopyOnWriteArrayList<>();
  private ComputeNode node;

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  private void startRunning(MigrationTask migrations) {
    node = TestNodes.builder("c-migrate", platform, new FakeApplier())
        .spec(Specs.primary("4MB"))
        .testSeams(TestNodes.seams(platform).withMigrations(migrations))
        .build();
    node.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
  }

  private CompletableFuture<ComputeOperations.TerminateResult> terminateInBackground() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return node.terminate(TerminateMode.FAST);
      } catch (ComputeException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void terminateWaitsForRunningMigrationsBeforeStoppingPostgres() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    startRunning((spec, failures) -> {
      migrating.countDown();
      assertThat(awaitQuietly(release)).isTrue();
      events.add("migrations done");
    });
    assertThat(migrating.await(5, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<ComputeOperations.TerminateResult> terminate = terminateInBackground();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> node.status() == ComputeStatus.TERMINATION_PENDING_FAST);
    assertThat(platform.postgres().stopSignals()).isEmpty();
    assertThat(terminate).isNotDone();

    release.countDown();
    terminate.get(5, TimeUnit.SECONDS);
    assertThat(events).containsExactly("migrations done");
    assertThat(platform.postgres().stopSignals()).containsExactly(Signal.INT);
    assertThat(node.status()).isEqualTo(ComputeStatus.TERMINATED);
  }

  @Test
  void migrationCutOffByTheShutdownIsNotCountedAsFailed() throws Exception {
    // Stuck past the wait (TestNodes' stop grace, 1 s): it fails only once Postgres is stopped,
    // as a real session does ("This connection has been closed").
    CompletableFuture<Void> reported = new CompletableFuture<>();
    startRunning((spec, failures) -> {
      migrating.countDown();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> !platform.postgres().stopSignals().isEmpty());
      failures.failed("7", new Exception("This connection has been closed."));
      reported.complete(null);
    });
    assertThat(migrating.await(5, TimeUnit.SECONDS)).isTrue();

    node.terminate(TerminateMode.FAST);
    reported.get(5, TimeUnit.SECONDS);
    assertThat(node.status()).isEqualTo(ComputeStatus.TERMINATED);
    assertThat(Scrape.text(node.metricsRegistry()))
        .doesNotContain("compute_ctl_db_migration_failed_total{migration_id=\"7\"}");
  }

  @Test
  void migrationFailureWhileRunningIsStillCounted() throws Exception {
    CompletableFuture<Void> reported = new CompletableFuture<>();
    startRunning((spec, failures) -> {
      failures.failed("3", new Exception("permission denied"));
      reported.complete(null);
    });
    reported.get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> Scrape.text(node.metricsRegistry())
        .contains("compute_ctl_db_migration_failed_total{migration_id=\"3\"} 1"));
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
