package dev.computectl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.computectl.core.port.SpecSource;
import dev.computectl.core.port.ChildProcess.ExitStatus;
import dev.computectl.core.testing.FakeApplier;
import dev.computectl.core.testing.FakePlatform;
import dev.computectl.core.testing.FakePostgres;
import dev.computectl.core.testing.Specs;
import dev.computectl.core.testing.TestNodes;
import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.TerminateMode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A refresh that starts Postgres again while the main thread waits in its recovery window. */
class RecoveryTest {

  private final FakePlatform platform = new FakePlatform();
  private final FakeApplier applier = new FakeApplier();
  private final AtomicReference<Object> next =
      new AtomicReference<>(new ComputeConfig(Specs.primary("16MB"), ComputeCtlConfig.defaults()));
  private final SpecSource source = new SpecSource() {
    @Override
    public String describe() {
      return "scripted";
    }

    @Override
    public ComputeConfig fetch() throws SpecFetchException {
      Object answer = next.get();
      if (answer instanceof SpecFetchException e) {
        throw e;
      }
      return (ComputeConfig) answer;
    }
  };
  private ComputeNode node;

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  private void start(Duration window) {
    node = TestNodes.builder("c-recover", platform, applier)
        .spec(Specs.primary("4MB"))
        .specSource(source)
        .timings(TestNodes.timings().withRecoveryWindow(window))
        .build();
    node.start();
  }

  /**
   * Once running, the postmaster dies by SIGKILL; the compute fails, and a refresh starts a new
   * postmaster and reaches running again.
   */
  private void killPostmasterAndRecover() throws ComputeException {
    awaitStatus(ComputeStatus.RUNNING);
    FakePostgres first = platform.postgres();
    first.die(ExitStatus.killedBy(9));
    awaitStatus(ComputeStatus.FAILED);
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING
        && platform.postgres() != first);
  }

  private void awaitStatus(ComputeStatus status) {
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == status);
  }

  @Test
  void refreshAfterThepostmasterDiedStartsPostgresAgainAndTheComputeDoesNotExit()
      throws Exception {
    start(Duration.ofSeconds(30));

    killPostmasterAndRecover();
    assertThat(node.statusResponse().error()).isNull();
    assertThat(platform.prepares).hasValue(2);
    assertThat(platform.writtenSpecs).last().isEqualTo(Specs.primary("16MB"));
    assertThat(applier.options).last().satisfies(o -> assertThat(o.firstStart()).isTrue());
    assertThat(node.exitFuture()).isNotDone();

    node.terminate(TerminateMode.FAST);
    ExitOutcome outcome = node.awaitExit(Duration.ofSeconds(5)).orElseThrow();
    assertThat(outcome.code()).isZero();
    assertThat(platform.postgres().isAlive()).isFalse();
  }

  @Test
  void aFailedStartRecoversOnRefreshOnceTheCauseIsGone() throws Exception {
    platform.startFailure = new IOException("could not bind port");
    start(Duration.ofSeconds(30));
    awaitStatus(ComputeStatus.FAILED);
    assertThat(node.statusResponse().error()).contains("could not bind port");

    node.refreshConfiguration();
    // Still failing: pending with the error, retried with backoff, the compute does not exit.
    await().atMost(Duration.ofSeconds(5)).until(() -> platform.prepares.get() >= 3);
    assertThat(node.status()).isIn(ComputeStatus.REFRESH_CONFIGURATION_PENDING,
        ComputeStatus.REFRESH_CONFIGURATION);
    assertThat(node.statusResponse().error()).contains("refresh configuration failed")
        .contains("could not bind port");
    assertThat(node.exitFuture()).isNotDone();

    platform.startFailure = null;
    awaitStatus(ComputeStatus.RUNNING);
    assertThat(node.statusResponse().error()).isNull();
    assertThat(node.postmasterPid()).isPresent();
  }

  @Test
  void aRecoveredPostmasterThatDiesAgainEndsTheLifecycleWithItsOwnCode() throws Exception {
    start(Duration.ofMillis(300));
    killPostmasterAndRecover();
    platform.postgres().die(ExitStatus.exited(3));
    ExitOutcome outcome = node.awaitExit(Duration.ofSeconds(5)).orElseThrow();
    assertThat(outcome.code()).isEqualTo(3);
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);
  }

  @Test
  void withoutARefreshTheWindowEndsTheLifecycleWithTheOriginalOutcome() throws Exception {
    start(Duration.ofMillis(200));
    awaitStatus(ComputeStatus.RUNNING);
    platform.postgres().die(ExitStatus.exited(5));
    ExitOutcome outcome = node.awaitExit(Duration.ofSeconds(5)).orElseThrow();
    assertThat(outcome.code()).isEqualTo(5);
    // After the window a refresh no longer starts anything: it says a restart is needed.
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.FAILED
        && node.statusResponse().error().contains("must be restarted"));
    assertThat(platform.prepares).hasValue(1);
  }

  @Test
  void aTerminateDuringTheWindowEndsAtOnce() throws Exception {
    start(Duration.ofMinutes(5));
    awaitStatus(ComputeStatus.RUNNING);
    platform.postgres().die(ExitStatus.killedBy(9));
    awaitStatus(ComputeStatus.FAILED);
    node.terminate(TerminateMode.FAST);
    ExitOutcome outcome = node.awaitExit(Duration.ofSeconds(5)).orElseThrow();
    assertThat(outcome.code()).isEqualTo(1);
    assertThat(node.status()).isEqualTo(ComputeStatus.TERMINATED);
  }
}
