package dev.computectl.testkit.bench;

import dev.computectl.core.ComputeNode;
import dev.computectl.core.NodeIdentity;
import dev.computectl.core.NodeTimings;
import dev.computectl.core.PostgresOptions;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.postgres.TemplateCache;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * P5 (embedded): heap used per compute with N computes (each with its own Postgres, monitor on,
 * small spec applied) running in this JVM: the live heap after a full GC with them running, minus
 * the live heap before, divided by N. Measured {@code runs} times over the same computes.
 */
final class MemoryBench {

  private final BenchSettings settings;
  private final Results results;
  private final PrivilegeDrop drop = PrivilegeDrop.detect();

  MemoryBench(BenchSettings settings, Results results) {
    this.settings = settings;
    this.results = results;
  }

  void run() throws Exception {
    PgBinaries bin;
    bin = Scratch.binariesWithTemplate();
    int n = settings.computes();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Double> perCompute = new ArrayList<>();
    List<Double> threadsPerCompute = new ArrayList<>();
    for (int run = 0; run < settings.runs(); run++) {
      double before = liveHeapMib();
      int threadsBefore = threads.getThreadCount();
      List<Scratch> dirs = new ArrayList<>();
      List<ComputeNode> nodes = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          Scratch s = Scratch.create("bench-p5-", drop);
          dirs.add(s);
          String id = "p5-" + run + "-" + i;
          ComputeNode node = ComputeNode.builder()
              .identity(NodeIdentity.of(id))
              .postgres(PostgresOptions.of(s.pgdata(), s.connstr(), bin)
                  .withSocketDir(s.socketDir())
                  .withTemplateCache(TemplateCache.defaultLocation().root()))
              .privilegeDrop(drop)
              .timings(NodeTimings.defaults().withReadinessTimeout(StartupBench.READY))
              .spec(BenchSpecs.small())
              .build();
          nodes.add(node);
          node.start();
        }
        for (ComputeNode node : nodes) {
          StartupBench.awaitRunning(node);
        }
        double during = liveHeapMib();
        threadsPerCompute.add((double) (threads.getThreadCount() - threadsBefore) / n);
        nodes.forEach(ComputeNode::close);
        nodes.clear();
        // The baseline is the mean of before and after, so garbage of earlier sections that is
        // still being released does not count for or against the computes.
        double after = liveHeapMib();
        perCompute.add((during - (before + after) / 2) / n);
      } finally {
        nodes.forEach(ComputeNode::close);
        dirs.forEach(Scratch::close);
      }
    }
    results.figure("P5", "heap per embedded compute (" + n + " in one JVM)",
        "heap_per_compute_mib", Stats.of(perCompute), "MiB", "live heap after full GC");
    results.figure("P5", "threads per embedded compute", "threads_per_compute",
        Stats.of(threadsPerCompute), "", "JVM threads while they run");
  }

  /** Heap in use after two full collections, in MiB. */
  private static double liveHeapMib() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 2; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }
}
