package dev.computectl.core.testing;

import dev.computectl.core.ComputeNode;
import dev.computectl.core.ComputeNodeBuilder;
import dev.computectl.core.NodeIdentity;
import dev.computectl.core.NodeTimings;
import dev.computectl.core.PostgresOptions;
import dev.computectl.core.TestSeams;
import dev.computectl.sql.SpecApplier;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

/** Builders for computes that run on fakes only. */
public final class TestNodes {

  private TestNodes() {}

  /** Seams that put the compute on {@code platform}, with no sessions and no migrations. */
  public static TestSeams seams(FakePlatform platform) {
    return TestSeams.none()
        .withPlatform(platform)
        .withPostgresSql(platform.sql())
        .withConnections(db -> {
          throw new SQLException("no postgres in unit tests");
        })
        .withMigrations((spec, failures) -> {})
        .withoutMonitor();
  }

  /** Short timings, so failures and retries show within a test's patience. */
  public static NodeTimings timings() {
    return NodeTimings.defaults()
        .withStopGrace(Duration.ofSeconds(1))
        .withReloadVerifyTimeout(Duration.ofMillis(300))
        .withRefreshBackoff(Duration.ofMillis(20), Duration.ofMillis(80));
  }

  public static PostgresOptions postgres(String id) {
    return PostgresOptions.of(Path.of("/nonexistent/" + id),
        "postgresql://cloud_admin@127.0.0.1:55432/postgres", null);
  }

  public static ComputeNodeBuilder builder(String id, FakePlatform platform, SpecApplier applier) {
    return ComputeNode.builder()
        .identity(NodeIdentity.of(id))
        .postgres(postgres(id))
        .testSeams(seams(platform))
        .specApplier(applier)
        .timings(timings());
  }
}
