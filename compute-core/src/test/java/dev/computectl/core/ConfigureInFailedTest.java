package dev.computectl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.computectl.core.testing.FakeApplier;
import dev.computectl.core.testing.FakePlatform;
import dev.computectl.core.testing.Specs;
import dev.computectl.core.testing.TestNodes;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.api.ConfigurationRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A valid {@code /configure} heals a failed compute (issue #17, item 9). */
class ConfigureInFailedTest {

  private final FakePlatform platform = new FakePlatform();
  private final FakeApplier applier = new FakeApplier();
  private ComputeNode node;

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  private static ConfigurationRequest request(ComputeSpec spec) {
    return new ConfigurationRequest(spec, ComputeCtlConfig.defaults());
  }

  private void awaitStatus(ComputeStatus status) {
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == status);
  }

  @Test
  void aConfigureAfterAFailedReconfigureRunsAgainAndClearsTheError() throws Exception {
    node = TestNodes.builder("c-heal", platform, applier).spec(Specs.primary("4MB")).build();
    node.start();
    awaitStatus(ComputeStatus.RUNNING);
    applier.failWith = "phase create_roles: boom";
    assertThatThrownBy(() -> node.configure(request(Specs.primary("8MB"))))
        .isInstanceOf(ComputeException.ConfigurationFailed.class);
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);

    applier.failWith = null;
    assertThat(node.configure(request(Specs.primary("16MB"))).status())
        .isEqualTo(ComputeStatus.RUNNING);
    assertThat(node.statusResponse().error()).isNull();
    assertThat(applier.applied).last().isEqualTo(Specs.primary("16MB"));
    assertThat(node.postmasterPid()).isPresent();
  }

  @Test
  void aConfigureAfterAFailedStartupApplyStartsPostgresAgainInTheRecoveryWindow()
      throws Exception {
    applier.failWith = "phase create_roles: boom";
    node = TestNodes.builder("c-heal-start", platform, applier)
        .spec(Specs.primary("4MB"))
        .timings(TestNodes.timings().withRecoveryWindow(Duration.ofSeconds(30)))
        .build();
    node.start();
    awaitStatus(ComputeStatus.FAILED);
    assertThat(node.postmasterPid()).isEmpty();

    applier.failWith = null;
    assertThat(node.configure(request(Specs.primary("16MB"))).status())
        .isEqualTo(ComputeStatus.RUNNING);
    assertThat(node.statusResponse().error()).isNull();
    assertThat(node.postmasterPid()).isPresent();
    assertThat(platform.prepares).hasValue(2);
    assertThat(platform.writtenSpecs).last().isEqualTo(Specs.primary("16MB"));
    assertThat(node.exitFuture()).isNotDone();
  }

  @Test
  void aConfigureThatFailsAgainInTheRecoveryWindowAnswersTheErrorAndStaysHealable()
      throws Exception {
    applier.failWith = "first";
    node = TestNodes.builder("c-heal-twice", platform, applier)
        .spec(Specs.primary("4MB"))
        .timings(TestNodes.timings().withRecoveryWindow(Duration.ofSeconds(30)))
        .build();
    node.start();
    awaitStatus(ComputeStatus.FAILED);
    applier.failWith = "second";
    assertThatThrownBy(() -> node.configure(request(Specs.primary("8MB"))))
        .isInstanceOf(ComputeException.ConfigurationFailed.class)
        .hasMessageContaining("second");
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);
    applier.failWith = null;
    assertThat(node.configure(request(Specs.primary("16MB"))).status())
        .isEqualTo(ComputeStatus.RUNNING);
  }

  @Test
  void withoutPostgresAndWithoutARecoveryWindowAConfigureIsRefusedWithTheReason()
      throws Exception {
    applier.failWith = "phase create_roles: boom";
    node = TestNodes.builder("c-dead", platform, applier).spec(Specs.primary("4MB")).build();
    node.start();
    node.awaitExit(Duration.ofSeconds(5)).orElseThrow();
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);
    String error = node.statusResponse().error();

    assertThatThrownBy(() -> node.configure(request(Specs.primary("16MB"))))
        .isInstanceOfSatisfying(ComputeException.InvalidState.class, e -> {
          assertThat(e.status()).isEqualTo(ComputeStatus.FAILED);
          assertThat(e.getMessage()).startsWith("invalid compute status: failed (")
              .contains("postgres is not running");
        });
    // Nothing changed.
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);
    assertThat(node.statusResponse().error()).isEqualTo(error);
    assertThat(platform.prepares).hasValue(1);
  }

  @Test
  void aPortSettingThatDiffersFromTheAdminConnstrIsInvalid() throws Exception {
    node = TestNodes.builder("c-port", platform, applier).build();
    node.start();
    ComputeSpec other = SpecJson.readSpec("{\"format_version\": 1, \"suspend_timeout_seconds\": 0,"
        + " \"cluster\": {\"roles\": [], \"databases\": [], \"settings\": ["
        + "{\"name\": \"port\", \"value\": \"55433\", \"vartype\": \"integer\"}]}}");
    assertThatThrownBy(() -> node.configure(request(other)))
        .isInstanceOfSatisfying(ComputeException.InvalidSpec.class, e ->
            assertThat(e.problems()).singleElement().satisfies(p -> {
              assertThat(p.path()).isEqualTo("cluster.settings[0].value");
              assertThat(p.message()).contains("55433").contains("55432");
            }));
    assertThat(node.status()).isEqualTo(ComputeStatus.EMPTY);
    ComputeSpec same = SpecJson.readSpec(SpecJson.write(other).replace("55433", "55432"));
    assertThat(node.specPolicy().problems(same)).isEmpty();
  }
}
