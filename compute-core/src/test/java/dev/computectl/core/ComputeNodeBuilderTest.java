package dev.computectl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.config.SpecFileSpecSource;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PgdataResult;
import dev.computectl.core.port.ComputeStorage;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.postgres.JdkProcessControl;
import dev.computectl.core.testing.FakeApplier;
import dev.computectl.core.testing.FakePlatform;
import dev.computectl.core.testing.Specs;
import dev.computectl.core.testing.TestNodes;
import dev.computectl.spec.SpecProblem;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder refuses what it could not honour, naming both sides of a contradiction. */
class ComputeNodeBuilderTest {

  private final FakePlatform platform = new FakePlatform();
  private final PgBinaries binaries = new PgBinaries(Path.of("/usr/lib/postgresql/15/bin"), 15,
      "15.0");
  private final ComputeStorage storage = request -> new PgdataResult(Duration.ZERO, 0, "none");

  private ComputeNodeBuilder fake() {
    return TestNodes.builder("c-build", platform, new FakeApplier());
  }

  @Test
  void identityAndPostgresAreRequired() {
    assertThatThrownBy(() -> ComputeNode.builder().postgres(TestNodes.postgres("x")).build())
        .hasMessage("identity(...) is required");
    assertThatThrownBy(() -> ComputeNode.builder().identity(NodeIdentity.of("x")).build())
        .hasMessage("postgres(...) is required");
  }

  @Test
  void aFakePlatformRefusesTheOptionsOfTheRealOne() {
    assertThatThrownBy(() -> fake().storage(storage).build())
        .hasMessageContaining("testSeams().platform()")
        .hasMessageContaining("storage(...) would be ignored");
    assertThatThrownBy(() -> fake().processControl(new JdkProcessControl()).build())
        .hasMessageContaining("processControl(...) would be ignored");
    assertThatThrownBy(() -> fake()
            .postgres(TestNodes.postgres("c-build").withTemplateCache(Path.of("/tmp/cache")))
            .build())
        .hasMessageContaining("testSeams().platform()")
        .hasMessageContaining("postgres().templateCacheDir() would be ignored");
    assertThatThrownBy(() -> fake()
            .postgres(TestNodes.postgres("c-build").withSocketDir(Path.of("/tmp/sock")))
            .build())
        .hasMessageContaining("postgres().socketDir() would be ignored");
    assertThatThrownBy(() -> fake().privilegeDrop(PrivilegeDrop.none()).build())
        .hasMessageContaining("privilegeDrop(...) would be ignored");
  }

  @Test
  void twoSpecSourcesAreRefusedNamingBoth() {
    assertThatThrownBy(() -> fake()
            .specSource(new SpecFileSpecSource(Path.of("/tmp/spec.json")))
            .controlPlane(URI.create("http://cplane:9090"), "t")
            .build())
        .hasMessageContaining("specSource(spec file /tmp/spec.json)")
        .hasMessageContaining("controlPlane(http://cplane:9090)");
  }

  @Test
  void aPgdataSourceAndATemplateCacheContradict() {
    assertThatThrownBy(() -> ComputeNode.builder()
            .identity(NodeIdentity.of("c"))
            .postgres(PostgresOptions.of(Path.of("/tmp/pgdata"),
                "postgresql://cloud_admin@127.0.0.1:55432/postgres", binaries)
                .withTemplateCache(Path.of("/tmp/cache")))
            .storage(storage)
            .build())
        .hasMessageContaining("postgres().templateCacheDir()")
        .hasMessageContaining("storage(...)");
  }

  @Test
  void theRealPlatformNeedsBinaries() {
    assertThatThrownBy(() -> ComputeNode.builder()
            .identity(NodeIdentity.of("c"))
            .postgres(TestNodes.postgres("c"))
            .build())
        .hasMessageContaining("postgres().binaries() is required");
  }

  @Test
  void metricsOfAnotherBuildTagAreRefused() {
    assertThatThrownBy(() -> fake()
            .identity(NodeIdentity.of("c-build").withBuildTag("v2"))
            .metrics(new NodeMetrics("v1"))
            .build())
        .hasMessageContaining("identity().buildTag() is 'v2'")
        .hasMessageContaining("build tag 'v1'");
  }

  @Test
  void optionRecordsRejectBadValuesByName() {
    assertThatThrownBy(() -> NodeIdentity.of(" "))
        .hasMessage("computeId must not be blank");
    assertThatThrownBy(() -> TestNodes.postgres("c").withPrivilegedRole("Admin"))
        .hasMessageContaining("privilegedRoleName must match ^[a-z_]+$");
    assertThatThrownBy(() -> PostgresOptions.of(Path.of("/d"), "mysql://x@y/z", null))
        .hasMessageContaining("connstr must start with postgresql://");
    assertThatThrownBy(() -> NodeTimings.defaults().withStopGrace(Duration.ZERO))
        .hasMessage("stopGrace must be positive: PT0S");
    assertThatThrownBy(() -> NodeTimings.defaults()
            .withRefreshBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .hasMessageContaining("refreshBackoffStart PT5S is longer than refreshBackoffMax PT1S");
  }

  @Test
  void anInvalidSpecAtBuildNamesEveryProblem() throws Exception {
    dev.computectl.spec.ComputeSpec invalid = dev.computectl.spec.SpecJson.readSpec(
        "{\"format_version\": 1.0, \"suspend_timeout_seconds\": 300, \"cluster\": {\"roles\": [], \"databases\":"
            + " [{\"name\": \"app\", \"owner\": \"nobody\"}], \"settings\": []}}");
    assertThatThrownBy(() -> fake().spec(invalid).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid spec: cluster.databases[0].owner")
        .hasMessageContaining("nobody");
  }

  @Test
  void theStorageChecksJoinThePolicyOfTheNode() throws Exception {
    FakePlatform needsTimeline = new FakePlatform();
    needsTimeline.storageCheck = spec -> spec.timelineId() == null
        ? List.of(new SpecProblem("timeline_id", "storage needs a timeline id"))
        : List.of();
    ComputeNode node = TestNodes.builder("c-pol", needsTimeline, new FakeApplier())
        .testSeams(TestNodes.seams(needsTimeline)).build();
    try {
      assertThat(node.specPolicy().problems(Specs.primary("4MB")))
          .containsExactly(new SpecProblem("timeline_id", "storage needs a timeline id"));
      assertThatThrownBy(() -> node.configure(
              new dev.computectl.spec.api.ConfigurationRequest(Specs.primary("4MB"),
                  dev.computectl.spec.ComputeCtlConfig.defaults())))
          .isInstanceOf(ComputeException.InvalidSpec.class)
          .satisfies(e -> assertThat(((ComputeException.InvalidSpec) e).problems())
              .containsExactly(new SpecProblem("timeline_id", "storage needs a timeline id")));
    } finally {
      node.close();
    }
  }
}
