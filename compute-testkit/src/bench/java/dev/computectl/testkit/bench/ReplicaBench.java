package dev.computectl.testkit.bench;

import dev.computectl.core.ComputeNode;
import dev.computectl.core.NodeIdentity;
import dev.computectl.core.NodeTimings;
import dev.computectl.core.PostgresOptions;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.testkit.spec.SpecBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * P7: a Replica spec delivered to {@code running} for a primary with about 100 MB of data (a
 * tenth in a quick run), next to {@code pg_basebackup} + {@code pg_ctl start -w} by hand; and the
 * time from a commit on the primary to the row being visible on the replica, under a steady
 * write load.
 */
final class ReplicaBench {

  private final BenchSettings settings;
  private final Results results;
  private final PgBinaries bin;
  private final PrivilegeDrop drop = PrivilegeDrop.detect();
  private final TemplateCache cache = TemplateCache.defaultLocation();

  ReplicaBench(BenchSettings settings, Results results) throws Exception {
    this.settings = settings;
    this.results = results;
    this.bin = Scratch.binariesWithTemplate();
  }

  void run() throws Exception {
    int rows = settings.quick() ? 20_000 : 200_000; // ~500 bytes a row
    List<Double> replica = new ArrayList<>();
    List<Double> floor = new ArrayList<>();
    List<Double> visible = new ArrayList<>();
    try (Scratch p = Scratch.create("bench-p7-", drop)) {
      ComputeSpec primarySpec = SpecBuilder.spec()
          .setting("port", Integer.toString(p.port()), "integer")
          .setting("fsync", "off", "bool").build();
      try (ComputeNode primary = node(p, p.pgdata(), primarySpec, "p7-primary")) {
        BenchData.fillBigTable(p.port(), rows, "CREATE TABLE ticks (id int PRIMARY KEY)");
        String conninfo = "host=127.0.0.1 port=" + p.port() + " user=cloud_admin";
        for (int run = 0; run < settings.runs(); run++) {
          try (Scratch r = Scratch.create("bench-p7r-", drop)) {
            ComputeSpec spec = SpecBuilder.spec().replica()
                .setting("port", Integer.toString(r.port()), "integer")
                .setting("primary_conninfo", conninfo, "string")
                .setting("fsync", "off", "bool").build();
            long start = System.nanoTime();
            try (ComputeNode node = node(r, r.pgdata(), spec, "p7-replica-" + run)) {
              replica.add((System.nanoTime() - start) / 1e6);
              if (run == 0) {
                visible.addAll(commitToVisible(p.port(), r.port(), settings.quick() ? 50 : 200));
              }
            }
          }
          try (Scratch f = Scratch.create("bench-p7f-", drop)) {
            floor.add(byHand(conninfo, f));
          }
        }
      }
    }
    Stats ours = Stats.of(replica);
    Stats byHand = Stats.of(floor);
    Stats lag = Stats.of(visible);
    results.figure("P7", "Replica spec to running", "replica_ms", ours, "ms", "");
    results.figure("P7", "floor: pg_basebackup + pg_ctl start -w", "replica_floor_ms", byHand,
        "ms", "");
    double ratio = ours.median() / byHand.median();
    results.derived("P7", "replica / its floor", "replica_over_floor", ratio, "x",
        "target <= 1.2: " + (ratio <= 1.2 ? "met" : "NOT met"));
    results.derived("P7", "commit to visible on the replica, p50", "visible_p50_ms",
        lag.percentile(50), "ms", "");
    results.derived("P7", "commit to visible on the replica, p99", "visible_p99_ms",
        lag.percentile(99), "ms", "");
  }

  private ComputeNode node(Scratch s, Path pgdata, ComputeSpec spec, String id) throws Exception {
    ComputeNode node = ComputeNode.builder()
        .identity(NodeIdentity.of(id))
        .postgres(PostgresOptions.of(pgdata, s.connstr(), bin).withSocketDir(s.socketDir())
            .withTemplateCache(cache.root()))
        .privilegeDrop(drop)
        .timings(NodeTimings.defaults().withReadinessTimeout(StartupBench.READY))
        .spec(spec)
        .build();
    node.start();
    StartupBench.awaitRunning(node);
    return node;
  }

  /** Inserts rows one by one (one every 5 ms) and times each until the replica shows it. */
  private static List<Double> commitToVisible(int primaryPort, int replicaPort, int samples)
      throws Exception {
    List<Double> out = new ArrayList<>();
    try (Connection primary = BenchData.connect(primaryPort);
        Connection replica = BenchData.connect(replicaPort);
        PreparedStatement insert = primary.prepareStatement("INSERT INTO ticks VALUES (?)");
        PreparedStatement seen = replica.prepareStatement("SELECT 1 FROM ticks WHERE id = ?")) {
      for (int i = 1; i <= samples; i++) {
        insert.setInt(1, i);
        insert.executeUpdate();
        long committed = System.nanoTime();
        seen.setInt(1, i);
        while (true) {
          try (ResultSet rs = seen.executeQuery()) {
            if (rs.next()) {
              break;
            }
          }
          if (System.nanoTime() - committed > 30_000_000_000L) {
            throw new IllegalStateException("row " + i + " never reached the replica");
          }
        }
        out.add((System.nanoTime() - committed) / 1e6);
        Thread.sleep(5);
      }
    }
    return out;
  }

  private double byHand(String conninfo, Scratch f) throws Exception {
    long start = System.nanoTime();
    Files.createDirectory(f.pgdata());
    Files.setPosixFilePermissions(f.pgdata(),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    drop.grant(f.pgdata());
    Commands.check(drop.wrap(List.of(bin.tool("pg_basebackup").toString(), "-D",
        f.pgdata().toString(), "-X", "stream", "-c", "fast", "-w", "-d", conninfo)), f.dir());
    Files.writeString(f.pgdata().resolve("postgresql.auto.conf"), "port = " + f.port()
        + "\nunix_socket_directories = '" + f.socketDir() + "'\nprimary_conninfo = '"
        + conninfo + "'\n");
    Files.createFile(f.pgdata().resolve("standby.signal"));
    drop.grant(f.pgdata().resolve("standby.signal"));
    drop.grant(f.pgdata().resolve("postgresql.auto.conf"));
    Commands.check(drop.wrap(List.of(bin.tool("pg_ctl").toString(), "-D", f.pgdata().toString(),
        "-w", "-s", "-l", f.pgdata().resolve("floor.log").toString(), "start")), f.dir());
    double took = (System.nanoTime() - start) / 1e6;
    f.stopPostmasterByPidFile();
    return took;
  }
}
