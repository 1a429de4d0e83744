package dev.computectl.testkit.bench;

import dev.computectl.core.ComputeNode;
import dev.computectl.core.NodeIdentity;
import dev.computectl.core.NodeTimings;
import dev.computectl.core.PostgresOptions;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.api.TerminateMode;
import dev.computectl.testkit.spec.SpecBuilder;
import dev.computectl.testkit.storage.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * P6: restart to {@code running} of a Primary on pgBackRest storage with about 100 MB of data
 * (a tenth in a quick run), three ways: on its kept, cleanly stopped PGDATA (floor: {@code pg_ctl
 * start -w} on the same PGDATA); on its kept PGDATA after a crash; on a wiped PGDATA (floor:
 * {@code pgbackrest restore} + {@code pg_ctl start -w} by hand). Measured in steady state: the
 * incremental backup the load makes worth taking (its WAL outgrows the first backup of the empty
 * cluster) is in the repository before the first restart, for ours and the floor alike.
 */
final class StorageBench {

  private final BenchSettings settings;
  private final Results results;
  private final PgBinaries bin;
  private final PrivilegeDrop drop = PrivilegeDrop.detect();
  private final TemplateCache cache = TemplateCache.defaultLocation();

  StorageBench(BenchSettings settings, Results results) throws Exception {
    this.settings = settings;
    this.results = results;
    this.bin = Scratch.binariesWithTemplate();
  }

  void run() throws Exception {
    String timeline = hex();
    int rows = settings.quick() ? 20_000 : 200_000; // ~500 bytes a row
    List<Double> kept = new ArrayList<>();
    List<Double> keptFloor = new ArrayList<>();
    List<Double> crashed = new ArrayList<>();
    List<Double> wiped = new ArrayList<>();
    List<Double> wipedFloor = new ArrayList<>();
    List<Double> wipedWritable = new ArrayList<>();
    long restoredBytes = 0;
    try (TestRepository repo = TestRepository.create();
        Scratch s = Scratch.create("bench-p6-", drop)) {
      ComputeSpec spec = SpecBuilder.spec().timelineId(timeline).tenantId(hex())
          .setting("port", Integer.toString(s.port()), "integer")
          .setting("fsync", "off", "bool").build();
      try (ComputeNode node = node(repo, s, s.pgdata(), spec, "p6-load")) {
        // Steady state: the first backup (of the empty cluster), then the load, then the
        // incremental backup the load's WAL makes worth taking, for ours and the floor alike.
        while (!repo.hasBackup(timeline)) {
          Thread.sleep(200);
        }
        BenchData.fillBigTable(s.port(), rows);
        while (!backedUpAfterTheLoad(repo, timeline)) {
          Thread.sleep(200);
        }
        node.terminate(TerminateMode.FAST);
      }
      for (int run = 0; run < settings.runs(); run++) {
        keptFloor.add(floorOnACopy(s));
        kept.add(timeStart(repo, s, s.pgdata(), spec, "p6-kept-" + run, false));
        // Not measured: a start that crashes, leaving the kept PGDATA as a crash leaves it.
        timeStart(repo, s, s.pgdata(), spec, "p6-crashing-" + run, true);
        crashed.add(timeStart(repo, s, s.pgdata(), spec, "p6-crashed-" + run, false));
        Path wipedDir = s.dir().resolve("wiped-" + run);
        wiped.add(timeStart(repo, s, wipedDir, spec, "p6-wiped-" + run, false));
        restoredBytes = sizeOf(wipedDir);
        deleteTree(wipedDir);
        Path byHand = s.dir().resolve("byhand-" + run);
        double[] byHandTimes = restoreByHand(repo, timeline, byHand, s);
        wipedFloor.add(byHandTimes[0]);
        wipedWritable.add(byHandTimes[1]);
        deleteTree(byHand);
      }
    }
    Stats k = Stats.of(kept);
    Stats kf = Stats.of(keptFloor);
    Stats w = Stats.of(wiped);
    Stats wf = Stats.of(wipedFloor);
    results.figure("P6", "kept clean PGDATA to running", "kept_ms", k, "ms", "");
    results.figure("P6", "floor: pg_ctl start -w on it", "kept_floor_ms", kf, "ms", "");
    results.figure("P6", "kept PGDATA after a crash to running", "crashed_ms",
        Stats.of(crashed), "ms", "");
    results.figure("P6", "wiped PGDATA (restore) to running", "wiped_ms", w, "ms", "");
    results.figure("P6", "floor: pgbackrest restore + pg_ctl start -w", "wiped_floor_ms", wf,
        "ms", "");
    double keptRatio = k.median() / kf.median();
    double wipedRatio = w.median() / wf.median();
    results.figure("P6", "by hand, until it takes writes (end of recovery)",
        "wiped_writable_floor_ms", Stats.of(wipedWritable), "ms", "");
    results.derived("P6", "kept / its floor", "kept_over_floor", keptRatio, "x",
        "target <= 1.2: " + (keptRatio <= 1.2 ? "met" : "NOT met"));
    results.derived("P6", "wiped / its floor", "wiped_over_floor", wipedRatio, "x",
        "target <= 1.2: " + (wipedRatio <= 1.2 ? "met" : "NOT met"));
    double writableRatio = w.median() / Stats.of(wipedWritable).median();
    results.derived("P6", "wiped / by hand until writable", "wiped_over_writable_floor",
        writableRatio, "x", "a Primary is running once it takes writes");
    results.derived("P6", "bytes restored", "restored_bytes", restoredBytes, "B", "");
  }

  private ComputeNode node(TestRepository repo, Scratch s, Path pgdata, ComputeSpec spec,
      String id) throws Exception {
    ComputeNode node = ComputeNode.builder()
        .identity(NodeIdentity.of(id))
        .postgres(PostgresOptions.of(pgdata, s.connstr(), bin).withSocketDir(s.socketDir()))
        .storage(repo.storage(cache).withIncrementalBackups(Duration.ofSeconds(1), 64L << 20))
        .privilegeDrop(drop)
        .timings(NodeTimings.defaults().withReadinessTimeout(StartupBench.READY))
        .spec(spec)
        .build();
    node.start();
    StartupBench.awaitRunning(node);
    return node;
  }

  /** Build + start to running; then a fast terminate, or a kill -9 of the postmaster. */
  private double timeStart(TestRepository repo, Scratch s, Path pgdata, ComputeSpec spec,
      String id, boolean crashAfter) throws Exception {
    long start = System.nanoTime();
    try (ComputeNode node = node(repo, s, pgdata, spec, id)) {
      double took = (System.nanoTime() - start) / 1e6;
      if (crashAfter) {
        long pid = node.postmasterPid().orElseThrow();
        Commands.check(List.of("/bin/kill", "-KILL", Long.toString(pid)), s.dir());
        node.awaitExit(Duration.ofSeconds(30));
      } else {
        node.terminate(TerminateMode.FAST);
      }
      return took;
    }
  }

  /**
   * {@code pg_ctl start -w} on a copy of the kept PGDATA with archiving off, so the floor neither
   * archives into the timeline's stanza nor changes the PGDATA the compute restarts on.
   */
  private double floorOnACopy(Scratch s) throws Exception {
    Path copy = s.dir().resolve("floor-copy");
    Commands.check(List.of("cp", "-a", s.pgdata().toString(), copy.toString()), s.dir());
    Files.writeString(copy.resolve("postgresql.auto.conf"), "archive_mode = off\n");
    try {
      return pgCtlStart(copy, s);
    } finally {
      new Scratch(s.dir(), copy, s.socketDir(), s.port()).stopPostmasterByPidFile();
      deleteTree(copy);
    }
  }

  private double pgCtlStart(Path pgdata, Scratch s) throws Exception {
    long start = System.nanoTime();
    Commands.check(drop.wrap(List.of(bin.tool("pg_ctl").toString(), "-D", pgdata.toString(),
        "-w", "-s", "-l", pgdata.resolve("floor.log").toString(), "start")), s.dir());
    return (System.nanoTime() - start) / 1e6;
  }

  /**
   * {@code pgbackrest restore} + {@code pg_ctl start -w}, as the floor; then on until the
   * restored cluster leaves recovery and takes writes, which is when a Primary can run: {@code
   * pg_ctl} returns once the cluster is consistent, while the rest of the archive still replays.
   *
   * @return the two times, in ms
   */
  private double[] restoreByHand(TestRepository repo, String timeline, Path pgdata, Scratch s)
      throws Exception {
    long start = System.nanoTime();
    Files.createDirectories(pgdata);
    Files.setPosixFilePermissions(pgdata,
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    drop.grant(pgdata);
    Commands.check(drop.wrap(List.of("pgbackrest", "--config=" + repo.config(),
        "--stanza=" + timeline, "--pg1-path=" + pgdata, "--archive-mode=off", "restore")),
        s.dir());
    pgCtlStart(pgdata, s);
    double started = (System.nanoTime() - start) / 1e6;
    try (java.sql.Connection c = BenchData.connect(s.port());
        java.sql.Statement st = c.createStatement()) {
      while (true) {
        try (java.sql.ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
          rs.next();
          if (!rs.getBoolean(1)) {
            break;
          }
        }
        Thread.sleep(10);
      }
    }
    double writable = (System.nanoTime() - start) / 1e6;
    new Scratch(s.dir(), pgdata, s.socketDir(), s.port()).stopPostmasterByPidFile();
    return new double[] {started, writable};
  }

  private static long sizeOf(Path dir) throws Exception {
    try (var paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static String hex() {
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  /** The first backup, and the incremental one the full-size load makes worth taking (a quick run's is too small). */
  private boolean backedUpAfterTheLoad(TestRepository repo, String timeline) {
    List<String> types = repo.backupTypes(timeline);
    return types.size() >= (settings.quick() ? 1 : 2);
  }
}
