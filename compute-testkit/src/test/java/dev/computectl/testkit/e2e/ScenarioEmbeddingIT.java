package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.WorkDirs;
import dev.computectl.testkit.spec.SpecBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Twenty computes embedded in one JVM (issue #7 item 8), started at the same time: each has its own
 * ports, PGDATA and threads named after its id, they share one template cache (initdb runs once),
 * and closing them leaves no postmaster and no thread of theirs behind.
 */
class ScenarioEmbeddingIT {

  private static final int COMPUTES = 20;

  @Test
  void twentyComputesShareAJvmAndLeaveNothingBehind() throws Exception {
    String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    List<String> ids =
        IntStream.range(0, COMPUTES).mapToObj(i -> "emb%02d-%s".formatted(i, run)).toList();
    Path templates = WorkDirs.createTempDirectory("scenario-embedding-templates-");
    List<TestCompute> computes = new ArrayList<>();
    List<Future<TestCompute>> starts = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(COMPUTES);
    List<Long> postmasters;
    long started = System.nanoTime();
    long running;
    try {
      for (int i = 0; i < COMPUTES; i++) {
        String id = ids.get(i);
        SpecBuilder spec =
            SpecBuilder.spec().role("app_" + i, "pw").database("db_" + i, "app_" + i);
        starts.add(
            pool.submit(
                () ->
                    TestCompute.builder()
                        .computeId(id)
                        .templateCacheDir(templates)
                        .spec(spec)
                        .start()));
      }
      for (Future<TestCompute> f : starts) {
        computes.add(f.get());
      }
      for (Future<?> f : computes.stream().map(c -> pool.submit(c::awaitRunning)).toList()) {
        f.get();
      }
      running = System.nanoTime();

      assertDistinct(
          computes.stream()
              .flatMap(c -> Stream.of(c.postgresPort(), c.externalHttpPort(), c.internalHttpPort()))
              .toList(),
          3 * COMPUTES);
      assertDistinct(computes.stream().map(TestCompute::pgdata).toList(), COMPUTES);
      postmasters = computes.stream().map(c -> c.postmasterPid().orElseThrow()).toList();
      assertDistinct(postmasters, COMPUTES);

      Set<String> threads = liveThreadNames();
      for (String id : ids) {
        assertThat(threads).as("threads of %s", id).contains(id + "-main");
        assertThat(threads)
            .as("HTTP threads of %s", id)
            .anyMatch(t -> t.startsWith("http-external-" + id + "-"))
            .anyMatch(t -> t.startsWith("http-internal-" + id + "-"));
      }
      for (int i = 0; i < COMPUTES; i++) {
        TestCompute c = computes.get(i);
        assertThat(c.status()).isEqualTo(ComputeStatus.RUNNING);
        // Each port leads to its own cluster: only its own database is there.
        assertThat(userDatabases(c)).as("databases of %s", ids.get(i)).containsExactly("db_" + i);
      }
      long builds =
          computes.stream()
              .flatMap(c -> c.logLines().stream())
              .filter(l -> l.contains("built Postgres template"))
              .count();
      assertThat(builds).as("initdb runs for %d computes sharing one cache", COMPUTES).isEqualTo(1);
    } finally {
      // Every compute that started is closed, also when another one failed to start.
      List<Future<?>> closes = new ArrayList<>();
      for (Future<TestCompute> f : starts) {
        try {
          TestCompute c = f.get();
          closes.add(pool.submit(c::close));
        } catch (Exception e) {
          // reported by the loop above
        }
      }
      for (Future<?> f : closes) {
        f.get();
      }
      pool.shutdownNow();
      deleteTree(templates);
    }
    long closed = System.nanoTime();

    for (TestCompute c : computes) {
      assertThat(c.exitCode()).as("exit code of %s", c.computeId()).isEqualTo(Optional.of(0));
    }
    for (long pid : postmasters) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
          .as("postmaster %d after close", pid)
          .isNotEqualTo(Optional.of(true));
    }
    await("threads named after the computes to end")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> assertThat(liveThreadNames()).noneMatch(t -> ids.stream().anyMatch(t::contains)));
    System.out.printf(
        "ScenarioEmbeddingIT: %d computes running after %d ms, closed in %d ms%n",
        COMPUTES, (running - started) / 1_000_000, (closed - running) / 1_000_000);
  }

  private static void assertDistinct(List<?> values, int expected) {
    assertThat(values).hasSize(expected).doesNotHaveDuplicates();
  }

  private static Set<String> liveThreadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  private static List<String> userDatabases(TestCompute compute) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = compute.connect("postgres");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT datname FROM pg_database WHERE datname LIKE 'db\\_%' ORDER BY 1")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
