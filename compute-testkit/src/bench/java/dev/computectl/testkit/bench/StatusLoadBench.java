package dev.computectl.testkit.bench;

import dev.computectl.core.ComputeNode;
import dev.computectl.core.NodeIdentity;
import dev.computectl.core.PostgresOptions;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.http.ComputeHttpServer;
import dev.computectl.http.HttpOptions;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.api.ConfigurationRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * P4: {@code GET /status} on the internal server of an embedded compute, from a closed-loop load
 * generator over loopback in this JVM ({@value #CLIENTS} clients, one JDK HttpClient each), first
 * idle, then while a reconfigure creates many roles and databases.
 */
final class StatusLoadBench {

  static final int CLIENTS = 4;

  private final BenchSettings settings;
  private final Results results;
  private final PrivilegeDrop drop = PrivilegeDrop.detect();

  StatusLoadBench(BenchSettings settings, Results results) {
    this.settings = settings;
    this.results = results;
  }

  /** One load window: requests done, its length, and every latency in ms. */
  record Window(int requests, double seconds, List<Double> latencies) {
    double rps() {
      return requests / seconds;
    }
  }

  void run() throws Exception {
    PgBinaries bin;
    bin = Scratch.binariesWithTemplate();
    Duration idle = Duration.ofMillis(settings.quick() ? 1000 : 3000);
    List<Double> rps = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> p99Reconf = new ArrayList<>();
    List<Double> rpsReconf = new ArrayList<>();
    List<Double> reconfMs = new ArrayList<>();
    List<Double> floorRps = new ArrayList<>();
    List<Double> floorP99 = new ArrayList<>();
    int reconfRoles = settings.roles();
    int reconfDbs = Math.max(1, settings.databases() / 5);
    try (Scratch s = Scratch.create("bench-p4-", drop);
        ComputeNode node = ComputeNode.builder()
            .identity(NodeIdentity.of("p4"))
            .postgres(PostgresOptions.of(s.pgdata(), s.connstr(), bin)
                .withSocketDir(s.socketDir())
                .withTemplateCache(TemplateCache.defaultLocation().root()))
            .privilegeDrop(drop)
            .spec(BenchSpecs.small())
            .build();
        ComputeHttpServer server = ComputeHttpServer.internal(node,
            HttpOptions.internalDefaults().withPort(Scratch.freePort())).start();
        FixedAnswerServer floor = FixedAnswerServer.start(node.statusResponse())) {
      node.start();
      StartupBench.awaitRunning(node);
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/status");
      List<HttpClient> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
      }
      load(clients, uri, Duration.ofSeconds(settings.quick() ? 1 : 2), null); // warm-up
      load(clients, floor.uri(), Duration.ofSeconds(1), null);
      for (int run = 0; run < settings.runs(); run++) {
        Window w = load(clients, uri, idle, null);
        Stats lat = Stats.of(w.latencies());
        rps.add(w.rps());
        Window f = load(clients, floor.uri(), idle, null);
        floorRps.add(f.rps());
        floorP99.add(Stats.of(f.latencies()).percentile(99));
        p50.add(lat.percentile(50));
        p99.add(lat.percentile(99));
        // Fresh names each run, so every reconfigure really creates its roles and databases.
        ComputeSpec big = BenchSpecs.md5("bench_r" + run + "_", reconfRoles, reconfDbs);
        long start = System.nanoTime();
        CompletableFuture<Void> reconfigure = CompletableFuture.runAsync(() -> {
          try {
            node.configure(new ConfigurationRequest(big, ComputeCtlConfig.defaults()));
          } catch (Exception e) {
            throw new IllegalStateException("reconfigure failed: " + e.getMessage(), e);
          }
        });
        Window during = load(clients, uri, null, reconfigure);
        reconfigure.join();
        reconfMs.add((System.nanoTime() - start) / 1e6);
        p99Reconf.add(Stats.of(during.latencies()).percentile(99));
        rpsReconf.add(during.rps());
      }
    }
    results.figure("P4", "/status throughput, idle", "rps", Stats.of(rps), "req/s",
        CLIENTS + " closed-loop clients in the same JVM");
    results.figure("P4", "/status p50, idle", "p50_ms", Stats.of(p50), "ms", "");
    results.figure("P4", "/status p99, idle", "p99_ms", Stats.of(p99), "ms", "");
    results.figure("P4", "floor: JDK HttpServer, fixed answer, throughput", "floor_rps",
        Stats.of(floorRps), "req/s", "same clients; what loopback HTTP costs here");
    results.figure("P4", "floor: JDK HttpServer, fixed answer, p99", "floor_p99_ms",
        Stats.of(floorP99), "ms", "");
    Stats reconf = Stats.of(p99Reconf);
    results.figure("P4", "/status p99 during reconfigure", "p99_reconfiguring_ms", reconf, "ms",
        "target <= 10 ms: " + (reconf.median() <= 10 ? "met" : "NOT met"));
    results.figure("P4", "/status throughput during reconfigure", "rps_reconfiguring",
        Stats.of(rpsReconf), "req/s", "");
    results.figure("P4", "the reconfigure (" + reconfRoles + " roles, " + reconfDbs + " dbs)",
        "reconfigure_ms", Stats.of(reconfMs), "ms", "new roles and databases each run");
  }

  /** Runs the clients for {@code length}, or until {@code until} completes (then at least 0.2 s). */
  private static Window load(List<HttpClient> clients, URI uri, Duration length,
      CompletableFuture<?> until) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    List<List<Double>> perClient = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int c = 0; c < CLIENTS; c++) {
      List<Double> mine = new ArrayList<>();
      perClient.add(mine);
      HttpClient http = clients.get(c);
      Thread t = new Thread(() -> client(http, uri, stop, mine), "bench-load-" + c);
      t.setUncaughtExceptionHandler((th, e) -> errors.add(e));
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    if (length != null) {
      Thread.sleep(length.toMillis());
    } else {
      Thread.sleep(200);
      try {
        until.join();
      } catch (RuntimeException e) {
        // Reported by the caller's join.
      }
    }
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!errors.isEmpty()) {
      throw new IllegalStateException("load client failed: " + errors.get(0), errors.get(0));
    }
    List<Double> all = new ArrayList<>();
    perClient.forEach(all::addAll);
    if (all.isEmpty()) {
      throw new IllegalStateException("no /status request completed");
    }
    return new Window(all.size(), seconds, all);
  }

  private static void client(HttpClient http, URI uri, AtomicBoolean stop,
      List<Double> latencies) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
    while (!stop.get()) {
      long t0 = System.nanoTime();
      try {
        HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
          throw new IllegalStateException("/status answered " + r.statusCode());
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException("/status failed: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      latencies.add((System.nanoTime() - t0) / 1e6);
    }
  }
}
