package dev.computectl.core.config;

import dev.computectl.core.port.SpecSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.computectl.core.ComputeNode;
import dev.computectl.core.ExitOutcome;
import dev.computectl.core.port.ChildProcess.ExitStatus;
import dev.computectl.core.testing.FakeApplier;
import dev.computectl.core.testing.FakePlatform;
import dev.computectl.core.testing.Specs;
import dev.computectl.core.testing.TestNodes;
import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.SpecJson;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefreshConfigurationTest {

  private final FakePlatform platform = new FakePlatform();
  private final FakeApplier applier = new FakeApplier();
  private final ScriptedSource source = new ScriptedSource();
  private ComputeNode node;

  /** Answers with whatever the test put in {@link #next}; counts fetches. */
  static final class ScriptedSource implements SpecSource {
    final AtomicReference<Object> next = new AtomicReference<>();
    final AtomicInteger fetches = new AtomicInteger();

    @Override
    public String describe() {
      return "scripted";
    }

    @Override
    public ComputeConfig fetch() throws SpecFetchException {
      fetches.incrementAndGet();
      Object answer = next.get();
      if (answer instanceof SpecFetchException e) {
        throw e;
      }
      return (ComputeConfig) answer;
    }
  }

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  private void startRunning() {
    node = TestNodes.builder("c-refresh", platform, applier)
        .spec(Specs.primary("4MB"))
        .specSource(source)
        .build();
    node.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
  }

  private static ComputeConfig config(String workMem, String kid) throws Exception {
    ComputeCtlConfig ctl = SpecJson.mapper().readValue(
        "{\"jwks\": {\"keys\": [{\"kty\": \"OKP\", \"kid\": \"" + kid + "\"}]}}",
        ComputeCtlConfig.class);
    return new ComputeConfig(Specs.primary(workMem), ctl);
  }

  @Test
  void changedSpecIsAppliedAndKeysRotate() throws Exception {
    startRunning();
    source.next.set(config("16MB", "key-2"));
    int appliesBefore = applier.applied.size();
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING
        && applier.applied.size() > appliesBefore);
    assertThat(platform.writtenSpecs).last().isEqualTo(Specs.primary("16MB"));
    assertThat(node.jwks().get("keys").get(0).get("kid").asText()).isEqualTo("key-2");
    assertThat(node.statusResponse().error()).isNull();
  }

  @Test
  void aRefreshedSpecOfAnotherModeIsRefusedAndNothingIsWritten() throws Exception {
    startRunning();
    int writes = platform.writtenSpecs.size();
    ComputeSpec replica = SpecJson.readSpec(SpecJson.write(Specs.primary("4MB"))
        .replace("\"mode\":\"Primary\"", "\"mode\":\"Replica\""));
    source.next.set(new ComputeConfig(replica, ComputeCtlConfig.defaults()));
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.statusResponse().error() != null);
    assertThat(node.statusResponse().error()).contains("mode").contains("cannot become Replica");
    assertThat(node.status()).isIn(ComputeStatus.REFRESH_CONFIGURATION_PENDING,
        ComputeStatus.REFRESH_CONFIGURATION);
    assertThat(platform.writtenSpecs).hasSize(writes);
  }

  @Test
  void identicalSpecGoesBackToRunningWithoutReload() throws Exception {
    startRunning();
    source.next.set(config("4MB", "key-1"));
    int reloads = platform.postgres().reloads();
    int writes = platform.writtenSpecs.size();
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches.get() == 1
        && node.status() == ComputeStatus.RUNNING);
    assertThat(platform.postgres().reloads()).isEqualTo(reloads);
    assertThat(platform.writtenSpecs).hasSize(writes);
  }

  @Test
  void fetchFailureIsRecordedAndRetriedUntilItRecovers() throws Exception {
    startRunning();
    source.next.set(new SpecSource.SpecFetchException("control plane answered HTTP 500", null));
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches.get() >= 2);
    assertThat(node.statusResponse().error()).contains("HTTP 500");
    assertThat(node.status()).isIn(ComputeStatus.REFRESH_CONFIGURATION_PENDING,
        ComputeStatus.REFRESH_CONFIGURATION);
    source.next.set(config("32MB", "key-1"));
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
    assertThat(node.statusResponse().error()).isNull();
    assertThat(platform.writtenSpecs).last().isEqualTo(Specs.primary("32MB"));
  }

  @Test
  void applyFailureKeepsRetryingWithTheError() throws Exception {
    startRunning();
    applier.failWith = "phase drop_roles: boom";
    source.next.set(config("16MB", "key-1"));
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches.get() >= 2);
    assertThat(node.statusResponse().error()).contains("boom");
    applier.failWith = null;
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
    assertThat(node.statusResponse().error()).isNull();
  }

  @Test
  void refreshInFailedHealsTheCompute() throws Exception {
    startRunning();
    applier.failWith = "boom";
    try {
      node.configure(new dev.computectl.spec.api.ConfigurationRequest(
          Specs.primary("8MB"), ComputeCtlConfig.defaults()));
    } catch (Exception expected) {
      // the compute is failed now
    }
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);
    applier.failWith = null;
    source.next.set(config("8MB", "key-1"));
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
    assertThat(node.statusResponse().error()).isNull();
  }

  @Test
  void noSpecFromTheControlPlaneTerminatesWithNonZeroExit() throws Exception {
    startRunning();
    source.next.set(new ComputeConfig(null, ComputeCtlConfig.defaults()));
    node.refreshConfiguration();
    ExitOutcome outcome = node.awaitExit(Duration.ofSeconds(5)).orElseThrow();
    assertThat(outcome.code()).isEqualTo(1);
    assertThat(node.status()).isEqualTo(ComputeStatus.TERMINATED);
    assertThat(platform.postgres().onExit().join()).isEqualTo(ExitStatus.exited(0));
  }

  @Test
  void withoutASourceTheRefreshFailsFastAndTheComputeKeepsRunning() throws Exception {
    node = TestNodes.builder("c-nosource", platform, applier).spec(Specs.primary("4MB")).build();
    node.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
    int writes = platform.writtenSpecs.size();
    node.refreshConfiguration();
    assertThat(node.status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(node.statusResponse().error())
        .isEqualTo("refresh configuration failed: no spec source configured: start compute_ctl"
            + " with --config, --spec-path or --control-plane-uri");
    assertThat(platform.writtenSpecs).hasSize(writes);
    // A later successful /configure clears it.
    node.configure(new dev.computectl.spec.api.ConfigurationRequest(
        Specs.primary("8MB"), ComputeCtlConfig.defaults()));
    assertThat(node.statusResponse().error()).isNull();
  }

  @Test
  void refreshAfterThePostmasterDiedSaysARestartIsNeededInsteadOfLooping() throws Exception {
    startRunning();
    platform.postgres().die(ExitStatus.killedBy(9));
    ExitOutcome outcome = node.awaitExit(Duration.ofSeconds(5)).orElseThrow();
    assertThat(outcome.code()).isEqualTo(1);
    source.next.set(config("16MB", "key-1"));
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.FAILED
        && node.statusResponse().error().contains("must be restarted"));
    assertThat(node.statusResponse().error())
        .contains("postgres is not running (postmaster pid 4242 exited)");
    assertThat(source.fetches).hasValue(0);
  }

  @Test
  void refreshAfterAFailedStartSaysARestartIsNeeded() throws Exception {
    platform.startFailure = new java.io.IOException("could not bind port");
    node = TestNodes.builder("c-startfail", platform, applier)
        .spec(Specs.primary("4MB"))
        .specSource(source)
        .build();
    node.start();
    assertThat(node.awaitExit(Duration.ofSeconds(5)).orElseThrow().code()).isEqualTo(1);
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.FAILED
        && node.statusResponse().error().contains("the start failed"));
    assertThat(node.statusResponse().error()).contains("must be restarted");
    assertThat(source.fetches).hasValue(0);
  }

  @Test
  void aBareSpecFileIsRereadAndTheKeysAreKept(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("spec.json");
    java.nio.file.Files.writeString(file, SpecJson.write(Specs.primary("4MB")));
    node = TestNodes.builder("c-specfile", platform, applier)
        .spec(Specs.primary("4MB"))
        .computeCtlConfig(config("4MB", "key-1").computeCtlConfig())
        .specSource(new SpecFileSpecSource(file))
        .build();
    node.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
    java.nio.file.Files.writeString(file, SpecJson.write(Specs.primary("16MB")));
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING
        && Specs.primary("16MB").equals(platform.writtenSpecs.get(platform.writtenSpecs.size() - 1)));
    assertThat(node.statusResponse().error()).isNull();
    assertThat(node.jwks().get("keys").get(0).get("kid").asText()).isEqualTo("key-1");
  }
}
