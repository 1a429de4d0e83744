package dev.computectl.testkit.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.computectl.spec.SpecJson;
import dev.computectl.testkit.postgres.TestPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmark (start-up, apply and reconfigure cost, /status, memory) and prints one
 * table; writes the same medians to {@code <bench.out>/results.json}. Run it through
 * {@code mvn -Pbench -DskipTests} (see the module README).
 * A section that fails prints "n/a (reason)" and writes nulls; the others still run.
 */
public final class BenchMain {

  private static final Logger log = LoggerFactory.getLogger(BenchMain.class);

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Quiet.logs();
    BenchSettings settings = BenchSettings.fromSystemProperties();
    Results results = new Results();
    PrintStream out = System.out;
    ObjectNode env = results.json();
    env.put("cores", Runtime.getRuntime().availableProcessors());
    env.put("quick", settings.quick());
    env.put("runs", settings.runs());
    env.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    env.put("started", Instant.now().toString());
    String pgVersion = postgresVersion();
    env.put("postgres_version", pgVersion);
    env.put("postgres_settings", "fsync=off, synchronous_commit=off, full_page_writes=off");
    env.put("pgdata_dir", System.getProperty("java.io.tmpdir"));
    env.put("load_average_at_start", loadAverage());
    out.printf("compute_ctl benchmark: %d cores, Postgres %s, %s, %d runs per figure%s%n",
        Runtime.getRuntime().availableProcessors(), pgVersion, env.get("java").asText(),
        settings.runs(), settings.quick() ? " (quick: a tenth of the objects)" : "");
    out.println("Every measured Postgres runs with fsync=off, synchronous_commit=off,"
        + " full_page_writes=off (throw-away clusters); P3-P5 computes use the defaults of the"
        + " conf they write.");
    out.println("PGDATA and the template cache live under " + System.getProperty("java.io.tmpdir")
        + " (java.io.tmpdir; -Dbench.tmpdir).");

    section(settings, results, "P1", List.of("ours_ms", "floor_ms", "naive_ms"), () ->
        new ApplyBench(settings, results).run("P1",
            BenchSpecs.md5("bench_", settings.roles(), settings.databases()),
            settings.runs("P2")));
    section(settings, results, "P1s", List.of("ours_ms", "floor_ms", "naive_ms"), () ->
        new ApplyBench(settings, results).run("P1s",
            BenchSpecs.scram("bench_", settings.scramRoles(), settings.databases()), false));
    section(settings, results, "P3",
        List.of("cached_ms", "uncached_ms", "cached_floor_ms", "uncached_floor_ms"),
        () -> new StartupBench(settings, results).run());
    section(settings, results, "P3l", List.of("shipped_ms", "jar_ms", "shipped_over_p3"),
        () -> new LauncherBench(settings, results).run());
    section(settings, results, "P4", List.of("rps", "p50_ms", "p99_ms", "p99_reconfiguring_ms"),
        () -> new StatusLoadBench(settings, results).run());
    section(settings, results, "P6", List.of("kept_ms", "kept_floor_ms", "crashed_ms",
        "wiped_ms", "wiped_floor_ms"), () -> new StorageBench(settings, results).run());
    section(settings, results, "P7", List.of("replica_ms", "replica_floor_ms"),
        () -> new ReplicaBench(settings, results).run());
    section(settings, results, "P5", List.of("rss_mib", "heap_per_compute_mib"),
        () -> new MemoryBench(settings, results).run());
    ensureKeys(results);
    env.put("load_average_at_end", loadAverage());

    out.println();
    out.printf("load average (1 min) at start %s, at end %s; %d cores shared with other work%n",
        env.get("load_average_at_start").asText(), env.get("load_average_at_end").asText(),
        Runtime.getRuntime().availableProcessors());
    results.print(out);
    Files.createDirectories(settings.outDir());
    Path json = settings.outDir().resolve("results.json");
    Files.writeString(json, SpecJson.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(results.json()) + "\n");
    out.println();
    out.println("results: " + json.toAbsolutePath());
  }

  interface Section {
    void run() throws Exception;
  }

  private static void section(BenchSettings settings, Results results, String name,
      List<String> keys, Section body) {
    if (!settings.runs(name)) {
      results.sectionFailed(name, keys, "not selected by bench.sections");
      return;
    }
    System.out.println("running " + name + " ...");
    long start = System.nanoTime();
    try {
      body.run();
    } catch (Exception | LinkageError e) {
      log.error("section {} failed", name, e);
      results.sectionFailed(name, keys, "failed: " + e);
    }
    System.out.printf("  %s took %.1f s%n", name, (System.nanoTime() - start) / 1e9);
  }

  /** The JSON always has every key of the documented shape (null when not measured). */
  private static void ensureKeys(Results results) {
    String[][] shape = {
        {"P1", "ours_ms", "floor_ms", "naive_ms"},
        {"P1s", "ours_ms", "floor_ms", "naive_ms"},
        {"P2", "ms", "writes", "cold_ms"},
        {"P3", "cached_ms", "uncached_ms", "cached_floor_ms", "uncached_floor_ms"},
        {"P3l", "shipped_ms", "jar_ms", "shipped_over_p3"},
        {"P4", "rps", "p50_ms", "p99_ms", "p99_reconfiguring_ms"},
        {"P5", "rss_mib", "heap_per_compute_mib"},
        {"P6", "kept_ms", "kept_floor_ms", "crashed_ms", "wiped_ms", "wiped_floor_ms",
            "restored_bytes"},
        {"P7", "replica_ms", "replica_floor_ms", "replica_over_floor", "visible_p50_ms",
            "visible_p99_ms"}};
    for (String[] keys : shape) {
      ObjectNode section = results.section(keys[0]);
      for (int i = 1; i < keys.length; i++) {
        if (!section.has(keys[i])) {
          section.putNull(keys[i]);
        }
      }
    }
  }

  /** The 1-minute load average: how busy the shared machine was around the figures. */
  private static String loadAverage() {
    try {
      // readAllLines, not readString: /proc files report size 0 and readString may stop short.
      return Files.readAllLines(Path.of("/proc/loadavg")).get(0).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String postgresVersion() {
    try (TestPostgres pg = TestPostgres.start();
        var conn = pg.connect("postgres");
        var st = conn.createStatement();
        var rs = st.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    } catch (IOException | java.sql.SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
