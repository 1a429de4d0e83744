package dev.computectl.testkit.bench;

import dev.computectl.core.ComputeNode;
import dev.computectl.core.NodeIdentity;
import dev.computectl.core.NodeTimings;
import dev.computectl.core.PostgresOptions;
import dev.computectl.core.ComputeNodeBuilder;
import dev.computectl.core.storage.FreshStorage;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.postgres.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P3: spec delivered to running for a small spec, through {@link ComputeNode} (PGDATA, conf,
 * postmaster, apply), with and without the template cache, next to the raw floors: initdb +
 * {@code pg_ctl start -w}, and copy of the same template + {@code pg_ctl start -w}.
 */
final class StartupBench {

  static final Duration READY = Duration.ofSeconds(120);
  private static final String CACHED = "cached_ms";
  private static final String UNCACHED = "uncached_ms";
  private static final String CACHED_FLOOR = "cached_floor_ms";
  private static final String UNCACHED_FLOOR = "uncached_floor_ms";

  private final BenchSettings settings;
  private final Results results;
  private final PgBinaries bin;
  private final PrivilegeDrop drop = PrivilegeDrop.detect();
  private final TemplateCache cache = TemplateCache.defaultLocation();

  StartupBench(BenchSettings settings, Results results) throws IOException {
    this.settings = settings;
    this.results = results;
    this.bin = Scratch.binariesWithTemplate();
  }

  void run() throws Exception {
    ComputeSpec spec = BenchSpecs.small();
    Map<String, List<Double>> ms = new LinkedHashMap<>();
    for (String k : List.of(CACHED, UNCACHED, CACHED_FLOOR, UNCACHED_FLOOR)) {
      ms.put(k, new ArrayList<>());
    }
    List<String> order = new ArrayList<>(ms.keySet());
    int n = 0;
    // Run -1 warms up (JIT, page cache) and is not counted; a quick run skips it.
    for (int run = settings.quick() ? 0 : -1; run < settings.runs(); run++) {
      for (String variant : order) {
        double took = switch (variant) {
          case CACHED -> node(spec, true, "p3-" + n++);
          case UNCACHED -> node(spec, false, "p3-" + n++);
          case CACHED_FLOOR -> floor(true);
          default -> floor(false);
        };
        if (run >= 0) {
          ms.get(variant).add(took);
        }
      }
      Collections.rotate(order, 1);
    }
    Stats cached = Stats.of(ms.get(CACHED));
    Stats cachedFloor = Stats.of(ms.get(CACHED_FLOOR));
    Stats uncached = Stats.of(ms.get(UNCACHED));
    Stats uncachedFloor = Stats.of(ms.get(UNCACHED_FLOOR));
    results.figure("P3", "ComputeNode, template cache", CACHED, cached, "ms",
        "target <= 400 ms: " + (cached.median() <= 400 ? "met" : "NOT met"));
    results.figure("P3", "floor: cp -a template + pg_ctl start -w", CACHED_FLOOR, cachedFloor,
        "ms", "");
    results.figure("P3", "ComputeNode, initdb", UNCACHED, uncached, "ms", "");
    results.figure("P3", "floor: initdb + pg_ctl start -w", UNCACHED_FLOOR, uncachedFloor, "ms",
        "");
    double ratio = cached.median() / cachedFloor.median();
    results.derived("P3", "cached / its floor", "cached_over_floor", ratio, "x",
        "target <= 1.2: " + (ratio <= 1.2 ? "met" : "NOT met"));
    results.derived("P3", "uncached / its floor", "uncached_over_floor",
        uncached.median() / uncachedFloor.median(), "x", "");
  }

  /** From build+start of the node (the spec is handed over) until it reports running. */
  private double node(ComputeSpec spec, boolean cached, String id) throws Exception {
    try (Scratch s = Scratch.create("bench-p3-", drop)) {
      PostgresOptions postgres = PostgresOptions.of(s.pgdata(), s.connstr(), bin)
          .withSocketDir(s.socketDir());
      ComputeNodeBuilder builder = ComputeNode.builder()
          .identity(NodeIdentity.of(id))
          .postgres(cached ? postgres.withTemplateCache(cache.root()) : postgres)
          .privilegeDrop(drop)
          .timings(NodeTimings.defaults().withReadinessTimeout(READY));
      long start = System.nanoTime();
      try (ComputeNode node = builder.spec(spec).build()) {
        node.start();
        awaitRunning(node);
        return (System.nanoTime() - start) / 1e6;
      }
    }
  }

  /** Polls the node's status (1 ms) until running; a failed start is an error, not a figure. */
  static void awaitRunning(ComputeNode node) throws InterruptedException {
    long deadline = System.nanoTime() + READY.toNanos();
    while (true) {
      ComputeStatus status = node.status();
      if (status == ComputeStatus.RUNNING) {
        return;
      }
      if (status == ComputeStatus.FAILED || status == ComputeStatus.TERMINATED
          || node.exitFuture().isDone() || System.nanoTime() > deadline) {
        throw new IllegalStateException("compute " + node.computeId() + " did not start: "
            + status + " " + node.statusResponse().error());
      }
      Thread.sleep(1);
    }
  }

  private double floor(boolean cached) throws Exception {
    try (Scratch s = Scratch.create("bench-p3f-", drop)) {
      Path template = null;
      if (cached) {
        template = cache.template(new TemplateCache.Key(bin.binDir(), bin.version(),
            FreshStorage.DEFAULT_LOCALE, TestPostgres.ADMIN), dir -> {
              throw new IOException("template missing; TestPostgres builds it first");
            });
      }
      long start = System.nanoTime();
      try {
        if (cached) {
          Commands.check(List.of("cp", "-a", template.toString(), s.pgdata().toString()),
              s.dir());
        } else {
          Files.createDirectory(s.pgdata());
          drop.grant(s.pgdata());
          Commands.check(drop.wrap(List.of(bin.tool("initdb").toString(), "-D",
              s.pgdata().toString(), "-U", TestPostgres.ADMIN, "--auth=trust", "--no-sync",
              "--no-instructions", "-E", "UTF8",
              "--locale=" + FreshStorage.DEFAULT_LOCALE)), s.dir());
        }
        Files.writeString(s.pgdata().resolve("postgresql.conf"), "port = " + s.port()
            + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + s.socketDir()
            + "'\n", java.nio.file.StandardOpenOption.APPEND);
        Commands.check(drop.wrap(List.of(bin.tool("pg_ctl").toString(), "-D",
            s.pgdata().toString(), "-w", "-s", "-l", s.pgdata().resolve("log").toString(),
            "start")), s.dir());
        return (System.nanoTime() - start) / 1e6;
      } finally {
        s.stopPostmasterByPidFile();
      }
    }
  }
}
