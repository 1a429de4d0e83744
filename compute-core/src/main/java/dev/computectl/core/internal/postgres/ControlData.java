package dev.computectl.core.internal.postgres;

import dev.computectl.core.internal.io.ToolRunner;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PrivilegeDrop;

import dev.computectl.spec.Lsn;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code pg_controldata} says about a stopped or running cluster.
 *
 * @param timeline the timeline of the latest checkpoint
 * @param walSegmentBytes the cluster's WAL segment size
 */
public record ControlData(Lsn latestCheckpoint, Lsn redoLocation, String clusterState,
    int timeline, long walSegmentBytes) {

  /** Runs pg_controldata on {@code pgdata} (as the run-as user; C locale for stable labels). */
  public static ControlData read(PgBinaries binaries, Path pgdata, PrivilegeDrop privilegeDrop)
      throws IOException {
    String output = ToolRunner.run(
        privilegeDrop.wrap(List.of(binaries.tool("pg_controldata").toString(), "-D",
            pgdata.toString())),
        Map.of("LC_ALL", "C", "LANG", "C"), Duration.ofSeconds(30));
    return parse(output);
  }

  static ControlData parse(String output) throws IOException {
    String checkpoint = field(output, "Latest checkpoint location")
        .orElseThrow(() -> new IOException("pg_controldata printed no checkpoint location"));
    Lsn redo = field(output, "Latest checkpoint's REDO location").map(Lsn::parse).orElse(null);
    String state = field(output, "Database cluster state").orElse("unknown");
    int timeline = field(output, "Latest checkpoint's TimeLineID").map(Integer::parseInt).orElse(1);
    long segment = field(output, "Bytes per WAL segment").map(Long::parseLong)
        .orElse(16L * 1024 * 1024);
    return new ControlData(Lsn.parse(checkpoint), redo, state, timeline, segment);
  }

  private static Optional<String> field(String output, String label) {
    for (String line : output.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals(label)) {
        return Optional.of(line.substring(colon + 1).strip());
      }
    }
    return Optional.empty();
  }

  /** True when the cluster was shut down cleanly (not crashed, not running). */
  public boolean shutDownCleanly() {
    return clusterState.equals("shut down") || clusterState.equals("shut down in recovery");
  }
}
