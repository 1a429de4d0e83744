package dev.computectl.core;

import dev.computectl.core.port.PostgresSql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.computectl.core.ComputeOperations.TerminateResult;
import dev.computectl.core.port.ChildProcess.ExitStatus;
import dev.computectl.core.port.Signal;
import dev.computectl.core.testing.FakeApplier;
import dev.computectl.core.testing.FakePlatform;
import dev.computectl.core.testing.Specs;
import dev.computectl.core.testing.TestNodes;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.TerminateMode;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComputeNodeLifecycleTest {

  private final FakePlatform platform = new FakePlatform();
  private final FakeApplier applier = new FakeApplier();
  private ComputeNode node;

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  private ComputeNode startWithSpec() {
    node = TestNodes.builder("c-life", platform, applier).spec(Specs.primary("4MB")).build();
    node.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
    return node;
  }

  @Test
  void startsFromAGivenSpecToRunning() {
    startWithSpec();
    assertThat(platform.prepares).hasValue(1);
    assertThat(applier.applied).hasSize(1);
    assertThat(applier.options.get(0).firstStart()).isTrue();
    assertThat(applier.options.get(0).adminRole()).isEqualTo("cloud_admin");
    assertThat(applier.options.get(0).privilegedRole()).isEqualTo("neon_superuser");
    assertThat(node.metrics().basebackupMs()).isEqualTo(7);
    assertThat(node.metrics().basebackupBytes()).isEqualTo(4096);
    assertThat(node.statusResponse().error()).isNull();
  }

  @Test
  void waitsInEmptyUntilConfigureDeliversASpec() throws Exception {
    node = TestNodes.builder("c-empty", platform, applier).build();
    node.start();
    assertThat(node.status()).isEqualTo(ComputeStatus.EMPTY);
    var response =
        node.configure(new ConfigurationRequest(Specs.primary("4MB"), ComputeCtlConfig.defaults()));
    assertThat(response.status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(platform.prepares).hasValue(1);
  }

  @Test
  void reconfigureRewritesReloadsAndApplies() throws Exception {
    startWithSpec();
    int reloadsBefore = platform.postgres().reloads();
    node.configure(new ConfigurationRequest(Specs.primary("8MB"), ComputeCtlConfig.defaults()));
    assertThat(node.status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(platform.writtenSpecs).last().isEqualTo(Specs.primary("8MB"));
    assertThat(platform.postgres().reloads()).isGreaterThan(reloadsBefore);
    assertThat(applier.options).last().satisfies(o -> assertThat(o.firstStart()).isFalse());
  }

  @Test
  void failedReconfigureStoresTheErrorAndClearsTheOverride() throws Exception {
    node = TestNodes.builder("c-fail", platform, applier)
        .spec(Specs.primary("4MB"))
        .testSeams(TestNodes.seams(platform).withApplyOverride("neon.max_cluster_size=-1"))
        .build();
    node.start();
    await().until(() -> node.status() == ComputeStatus.RUNNING);
    applier.failWith = "phase create_roles: role \"alice\": permission denied";
    int reloadsBefore = platform.postgres().reloads();
    assertThatThrownBy(() -> node.configure(
            new ConfigurationRequest(Specs.primary("8MB"), ComputeCtlConfig.defaults())))
        .isInstanceOf(ComputeException.ConfigurationFailed.class)
        .hasMessageContaining("permission denied");
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);
    assertThat(node.statusResponse().error()).contains("permission denied");
    // The override was emptied and Postgres reloaded after the failed apply.
    assertThat(platform.overrides).last().isEqualTo("");
    assertThat(platform.postgres().reloads()).isGreaterThanOrEqualTo(reloadsBefore + 3);
  }

  @Test
  void reconfigureFailsWhenTheReloadDoesNotTakeEffect() {
    startWithSpec();
    platform.reloadTakesEffect = false;
    assertThatThrownBy(() -> node.configure(
            new ConfigurationRequest(Specs.primary("8MB"), ComputeCtlConfig.defaults())))
        .isInstanceOf(ComputeException.ConfigurationFailed.class)
        .hasMessageContaining("compute_ctl.config_hash");
  }

  /**
   * Issue #17: a reconfigure with a setting Postgres refuses keeps the previous configuration
   * (written back and reloaded), answers the configure with an error naming the setting, and the
   * compute stays running; the next good configure works.
   */
  @Test
  void aRejectedSettingRestoresThePreviousConfigAndStaysRunning() throws Exception {
    startWithSpec();
    dev.computectl.spec.ComputeSpec started = platform.writtenSpecs.get(platform.writtenSpecs.size() - 1);
    platform.fileErrors = java.util.List.of(new dev.computectl.core.port.PostgresSql
        .FileSettingError("max_connections", "-5", "setting could not be applied"));
    int appliesBefore = applier.applied.size();

    assertThatThrownBy(() -> node.configure(
            new ConfigurationRequest(Specs.primary("8MB"), ComputeCtlConfig.defaults())))
        .isInstanceOf(ComputeException.ConfigurationFailed.class)
        .hasMessageContaining("max_connections = '-5'")
        .hasMessageContaining("previous configuration stays in force");

    assertThat(node.status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(node.statusResponse().error()).isNull();
    assertThat(platform.writtenSpecs).last().isEqualTo(started);
    assertThat(applier.applied).as("no SQL apply for a refused config").hasSize(appliesBefore);

    platform.fileErrors = java.util.List.of();
    assertThat(node.configure(new ConfigurationRequest(Specs.primary("8MB"),
        ComputeCtlConfig.defaults())).status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(platform.writtenSpecs).last().isEqualTo(Specs.primary("8MB"));
  }

  @Test
  void aRestartOnlySettingThatWaitsForARestartIsNotARejection() throws Exception {
    startWithSpec();
    platform.fileErrors = java.util.List.of(new dev.computectl.core.port.PostgresSql
        .FileSettingError("shared_buffers", "256MB", "setting could not be applied"));
    platform.pendingRestart = java.util.List.of(
        new dev.computectl.core.port.PostgresSql.PendingRestart("shared_buffers", "128MB",
            "256MB"));
    assertThat(node.configure(new ConfigurationRequest(Specs.primary("8MB"),
        ComputeCtlConfig.defaults())).status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(platform.writtenSpecs).last().isEqualTo(Specs.primary("8MB"));
  }

  @Test
  void pendingRestartSettingsAreExposed() throws Exception {
    startWithSpec();
    platform.pendingRestart = java.util.List.of(
        new dev.computectl.core.port.PostgresSql.PendingRestart("shared_buffers", "128MB",
            "256MB"));
    node.configure(new ConfigurationRequest(Specs.primary("8MB"), ComputeCtlConfig.defaults()));
    assertThat(node.pendingRestartSettings()).extracting(p -> p.name())
        .containsExactly("shared_buffers");
    assertThat(Scrape.text(node.metricsRegistry()))
        .contains("compute_ctl_pending_restart_settings 1");
  }

  @Test
  void terminateFastFromRunningReturnsTheCheckpointLsn() throws Exception {
    startWithSpec();
    TerminateResult result = node.terminate(TerminateMode.FAST);
    assertThat(result.alreadyTerminated()).isFalse();
    assertThat(result.response().lsn()).isEqualTo(FakePlatform.CHECKPOINT);
    assertThat(platform.postgres().stopSignals()).containsExactly(Signal.INT);
    assertThat(node.status()).isEqualTo(ComputeStatus.TERMINATED);
    assertThat(node.awaitExit(Duration.ofSeconds(5))).get()
        .extracting(ExitOutcome::code).isEqualTo(0);
    TerminateResult again = node.terminate(TerminateMode.FAST);
    assertThat(again.alreadyTerminated()).isTrue();
    assertThat(again.response().lsn()).isEqualTo(FakePlatform.CHECKPOINT);
  }

  @Test
  void terminateImmediateSendsQuitAndHasNoLsn() throws Exception {
    startWithSpec();
    TerminateResult result = node.terminate(TerminateMode.IMMEDIATE);
    assertThat(result.response().lsn()).isNull();
    assertThat(platform.postgres().stopSignals()).containsExactly(Signal.QUIT);
  }

  @Test
  void terminateFromEmptyAnswersAtOnce() throws Exception {
    node = TestNodes.builder("c-term-empty", platform, applier).build();
    node.start();
    TerminateResult result = node.terminate(TerminateMode.FAST);
    assertThat(result.response().lsn()).isNull();
    assertThat(node.status()).isEqualTo(ComputeStatus.TERMINATED);
    assertThat(node.awaitExit(Duration.ofSeconds(5))).get()
        .extracting(ExitOutcome::code).isEqualTo(0);
    assertThat(platform.prepares).hasValue(0);
  }

  @Test
  void terminateDuringAPostgresStartStopsThePostmasterItStarted() throws Exception {
    platform.startGate = new java.util.concurrent.CountDownLatch(1);
    node = TestNodes.builder("c-term-init", platform, applier).spec(Specs.primary("4MB")).build();
    node.start();
    platform.startEntered.await();
    var terminate = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return node.terminate(TerminateMode.FAST);
      } catch (ComputeException e) {
        throw new IllegalStateException(e);
      }
    });
    await().until(() -> node.status() == ComputeStatus.TERMINATION_PENDING_FAST);
    assertThat(terminate).isNotDone();
    platform.startGate.countDown();
    TerminateResult result = terminate.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(result.response().lsn()).isEqualTo(FakePlatform.CHECKPOINT);
    assertThat(platform.postgres().isAlive()).isFalse();
    assertThat(platform.postgres().stopSignals()).containsExactly(Signal.INT);
    assertThat(node.awaitExit(Duration.ofSeconds(5))).get()
        .extracting(ExitOutcome::code).isEqualTo(0);
    assertThat(applier.applied).isEmpty();
  }

  @Test
  void postgresKilledBySignalFailsTheComputeAndExitsWithOne() throws Exception {
    startWithSpec();
    platform.postgres().die(ExitStatus.killedBy(9));
    ExitOutcome outcome = node.awaitExit(Duration.ofSeconds(5)).orElseThrow();
    assertThat(outcome.code()).isEqualTo(1);
    assertThat(outcome.startFailed()).as("the compute had started").isFalse();
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);
    assertThat(node.statusResponse().error()).contains("killed by signal 9 (SIGKILL)");
    // Terminate still works in failed (docs/decisions.md#terminate-in-every-status).
    TerminateResult result = node.terminate(TerminateMode.FAST);
    assertThat(result.response().lsn()).isNull();
    assertThat(node.status()).isEqualTo(ComputeStatus.TERMINATED);
  }

  @Test
  void postgresExitingWithACodeNamesIt() throws Exception {
    startWithSpec();
    platform.postgres().die(ExitStatus.exited(3));
    assertThat(node.awaitExit(Duration.ofSeconds(5))).get()
        .extracting(ExitOutcome::code).isEqualTo(3);
    assertThat(node.statusResponse().error()).contains("exit code 3");
  }

  @Test
  void startupFailureEndsInFailedWithCodeOne() throws Exception {
    platform.startFailure = new IOException("postgres exited unexpectedly with code 1");
    node = TestNodes.builder("c-startfail", platform, applier).spec(Specs.primary("4MB")).build();
    node.start();
    ExitOutcome outcome = node.awaitExit(Duration.ofSeconds(5)).orElseThrow();
    assertThat(outcome.code()).isEqualTo(1);
    assertThat(outcome.startFailed()).isTrue();
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);
    assertThat(node.statusResponse().error()).contains("exited unexpectedly with code 1");
    assertThat(node.terminate(TerminateMode.FAST).response().lsn()).isNull();
  }

  @Test
  void applyFailureAtStartupStopsPostgres() throws Exception {
    applier.failWith = "phase create_roles failed";
    node = TestNodes.builder("c-applyfail", platform, applier).spec(Specs.primary("4MB")).build();
    node.start();
    assertThat(node.awaitExit(Duration.ofSeconds(5))).get()
        .extracting(ExitOutcome::code).isEqualTo(1);
    assertThat(platform.postgres().isAlive()).isFalse();
    assertThat(platform.postgres().stopSignals()).containsExactly(Signal.QUIT);
  }

  @Test
  void invalidSpecIsRejectedBeforeAnyStateChange() {
    node = TestNodes.builder("c-invalid", platform, applier).build();
    node.start();
    var bad = Specs.primary("4MB");
    var broken = new dev.computectl.spec.Cluster(
        java.util.List.of(), java.util.List.of(new dev.computectl.spec.Database("db", "nobody")),
        null);
    var spec = dev.computectl.spec.SpecJson.mapper().convertValue(
        dev.computectl.spec.SpecJson.mapper().valueToTree(bad), dev.computectl.spec.ComputeSpec.class);
    var invalid = new dev.computectl.spec.ComputeSpec(
        spec.formatVersion(), null, null, null, null, null, broken, null, false, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, 1, false, null,
        null, null, null, false, null, 300, null);
    assertThatThrownBy(() -> node.configure(
            new ConfigurationRequest(invalid, ComputeCtlConfig.defaults())))
        .isInstanceOf(ComputeException.InvalidSpec.class)
        .hasMessageContaining("nobody");
    assertThat(node.status()).isEqualTo(ComputeStatus.EMPTY);
  }

  @Test
  void privilegedRoleNameIsChecked() {
    assertThatThrownBy(() ->
            TestNodes.builder("c-role", platform, applier)
                .postgres(TestNodes.postgres("c-role").withPrivilegedRole("AppAdmin")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("^[a-z_]+$");
  }

  @Test
  void statusMetricsFollowTheStatus() throws Exception {
    startWithSpec();
    String text = Scrape.text(node.metricsRegistry());
    assertThat(text).contains("compute_ctl_up{build_tag=\"latest\",status=\"running\"} 1");
    assertThat(text).doesNotContain("status=\"init\"");
    assertThat(text).contains("compute_ctl_status_code 3");
    node.terminate(TerminateMode.FAST);
    assertThat(Scrape.text(node.metricsRegistry()))
        .contains("compute_ctl_up{build_tag=\"latest\",status=\"terminated\"} 1");
  }

  @Test
  void threadsAreNamedAfterTheComputeId() {
    startWithSpec();
    assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
        .contains("c-life-main", "c-life-configurator");
  }
}
