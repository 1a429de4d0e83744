package dev.computectl.core.testing;

import dev.computectl.core.ComputeNode;
import dev.computectl.core.ComputeNodeBuilder;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

/** Builders for computes that run on fakes only. */
public final class TestNodes {

  private TestNodes() {}

  public static ComputeNodeBuilder builder(
      String id, FakePlatform platform, dev.computectl.sql.SpecApplier applier) {
    return ComputeNode.builder()
        .computeId(id)
        .pgdata(Path.of("/nonexistent/" + id))
        .connstr("postgresql://cloud_admin@127.0.0.1:55432/postgres")
        .platform(platform)
        .postgresSql(platform.sql())
        .specApplier(applier)
        .connections(db -> {
          throw new SQLException("no postgres in unit tests");
        })
        .migrations((spec, failures) -> {})
        .withoutMonitor()
        .stopGrace(Duration.ofSeconds(1))
        .reloadVerifyTimeout(Duration.ofMillis(300))
        .refreshBackoff(Duration.ofMillis(20), Duration.ofMillis(80));
  }
}
