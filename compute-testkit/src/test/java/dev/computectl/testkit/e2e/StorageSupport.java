package dev.computectl.testkit.e2e;

import static dev.computectl.testkit.e2e.ScenarioSupport.sql;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.WorkDirs;
import dev.computectl.testkit.spec.SpecBuilder;
import dev.computectl.testkit.storage.TestRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** What the storage scenarios share: timelines of their own, Primaries on a repository, rows. */
final class StorageSupport {

  /**
   * Work directories a test class makes for PGDATAs that outlive one compute (kept disks); they
   * hold whole clusters on tmpfs, so the class deletes them when it is done.
   */
  static final class KeptDirs implements AutoCloseable {

    private final List<Path> made = new CopyOnWriteArrayList<>();

    /** {@code <work dir>/<prefix><random>/pgdata}, not created yet. */
    Path pgdata(String prefix) throws IOException {
      Path dir = WorkDirs.createTempDirectory(prefix);
      made.add(dir);
      return dir.resolve("pgdata");
    }

    /** A fresh work directory of its own. */
    Path dir(String prefix) throws IOException {
      Path dir = WorkDirs.createTempDirectory(prefix);
      made.add(dir);
      return dir;
    }

    @Override
    public void close() throws IOException {
      for (Path dir : made) {
        try (Stream<Path> paths = Files.walk(dir)) {
          for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
      made.clear();
    }
  }

  static final Duration RUNNING = Duration.ofSeconds(120);

  private StorageSupport() {}

  static String newTimeline() {
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  static SpecBuilder spec(String timeline) {
    return SpecBuilder.spec().role("app").database("app", "app").tenantId(newTimeline())
        .timelineId(timeline);
  }

  static TestCompute primary(TestRepository repo, String timeline) {
    return TestCompute.builder().pgbackrest(repo).spec(spec(timeline)).start().awaitRunning();
  }

  /** A Primary of {@code timeline} on a PGDATA that outlives it (a kept disk). */
  static TestCompute primaryOn(TestRepository repo, String timeline, Path pgdata) {
    return TestCompute.builder().pgbackrest(repo).pgdata(pgdata).spec(spec(timeline)).start()
        .awaitRunning();
  }

  /** A crash of Postgres alone (kill -9 of the postmaster): the compute goes to failed. */
  static void killPostmaster(TestCompute compute) throws Exception {
    long pid = compute.postmasterPid().orElseThrow();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    compute.awaitStatus(ComputeStatus.FAILED, Duration.ofSeconds(30));
  }

  static long count(TestCompute compute) throws Exception {
    try (Connection c = compute.connect("app");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void insert(TestCompute compute, int from, int to) throws Exception {
    sql(compute, "CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY)");
    sql(compute, "INSERT INTO items SELECT generate_series(" + from + ", " + to + ")");
  }
}
