package dev.computectl.testkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.spec.SpecJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * P3l: start of the compute_ctl process until its internal {@code /status} says running (JVM
 * start, config read, PGDATA from the template cache, postmaster, apply of a small spec), as the
 * README tells an operator to run it (the distribution's {@code bin/compute_ctl}: its class-data
 * archive and small-footprint flags) and as {@code java -jar compute_ctl.jar} with the JVM's
 * defaults; the shipped start against the embedded one of P3. P5's resident memory comes from the
 * same processes, read from {@code /proc/<pid>/status} one second after they report running.
 */
final class LauncherBench {

  private static final Duration START_LIMIT = Duration.ofSeconds(120);
  private static final Duration TRAINING_LIMIT = Duration.ofSeconds(300);
  /** What the shipped start should reach: within this many times P3's embedded start... */
  private static final double TARGET_OVER_P3 = 4.0;
  /** ...and within this many milliseconds on a quiet machine. */
  private static final double TARGET_MS = 800;

  private final BenchSettings settings;
  private final Results results;
  private final PrivilegeDrop drop = PrivilegeDrop.detect();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  LauncherBench(BenchSettings settings, Results results) {
    this.settings = settings;
    this.results = results;
  }

  /** One launch: how long until running, and the RSS a second later. */
  record Launch(double ms, double rssMib) {}

  void run() throws Exception {
    Optional<Path> script = settings.launcherJar()
        .map(jar -> jar.resolveSibling("compute_ctl").resolve("bin").resolve("compute_ctl"))
        .filter(Files::isExecutable);
    if (settings.launcherJar().isEmpty() || script.isEmpty()) {
      String reason = "compute_ctl.jar or its distribution not built; run with -am or set"
          + " -Dbench.launcherJar";
      results.unavailable("P3l", "compute_ctl process start -> running", "shipped_ms", reason);
      results.unavailable("P5", "compute_ctl RSS when running", "rss_mib", reason);
      return;
    }
    Path jar = settings.launcherJar().get();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path cache = settings.outDir().resolve("jvm-cache").toAbsolutePath();
    Files.createDirectories(cache);
    List<String> shipped = List.of(script.get().toString());
    // Not counted: when the shipped archive does not fit this JDK, this start has the script's
    // training run write one into the cache, and the measured starts use it.
    launch(shipped, "p3l-warmup", cache);
    awaitTraining(cache);
    List<Double> shippedMs = new ArrayList<>();
    List<Double> jarMs = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    List<Double> rssDefault = new ArrayList<>();
    for (int run = 0; run < settings.runs(); run++) {
      // Side by side, the order alternating: the machine's speed drifts.
      boolean shippedFirst = run % 2 == 0;
      for (int i = 0; i < 2; i++) {
        if ((i == 0) == shippedFirst) {
          Launch a = launch(shipped, "p3l-shipped-" + run, cache);
          shippedMs.add(a.ms());
          rss.add(a.rssMib());
        } else {
          Launch b = launch(List.of(java, "-jar", jar.toString()), "p3l-jar-" + run, cache);
          jarMs.add(b.ms());
          rssDefault.add(b.rssMib());
        }
      }
    }
    Stats s = Stats.of(shippedMs);
    Stats j = Stats.of(jarMs);
    results.figure("P3l", "shipped: bin/compute_ctl -> running", "shipped_ms", s, "ms",
        "the distribution's script: class-data archive + small-footprint JVM flags");
    results.figure("P3l", "java -jar compute_ctl.jar, default JVM flags", "jar_ms", j, "ms",
        "JVM start + template copy + postmaster + apply");
    results.derived("P3l", "java -jar / shipped", "jar_over_shipped", j.median() / s.median(),
        "x", "");
    JsonNode p3 = results.json().path("P3").path("cached_ms");
    if (p3.isNumber() && p3.asDouble() > 0) {
      double ratio = s.median() / p3.asDouble();
      boolean met = ratio <= TARGET_OVER_P3 && s.median() <= TARGET_MS;
      results.derived("P3l", "shipped / P3 (embedded, template cache)", "shipped_over_p3", ratio,
          "x", "target <= " + Results.num(TARGET_OVER_P3) + " and <= " + Results.num(TARGET_MS)
              + " ms: " + (met ? "met" : "NOT met"));
    } else {
      results.unavailable("P3l", "shipped / P3 (embedded, template cache)", "shipped_over_p3",
          "P3 not measured in this run");
    }
    Stats r = Stats.of(rss);
    results.figure("P5", "compute_ctl RSS when running", "rss_mib", r, "MiB",
        "the shipped bin/compute_ctl; target <= 128 MiB: " + (r.median() <= 128 ? "met" : "NOT met"));
    results.figure("P5", "compute_ctl RSS, java -jar with default JVM flags", "rss_default_mib",
        Stats.of(rssDefault), "MiB", "the JVM sizes itself for the whole machine");
  }

  /** Waits while the start script's training run (its lock file) is under way. */
  private static void awaitTraining(Path cache) throws Exception {
    long deadline = System.nanoTime() + TRAINING_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> files = Files.list(cache)) {
        if (files.noneMatch(f -> f.getFileName().toString().endsWith(".lock"))) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new IOException("the start script's training run did not end within "
        + TRAINING_LIMIT + " (" + cache + ")");
  }

  private Launch launch(List<String> launcher, String id, Path cache) throws Exception {
    try (Scratch s = Scratch.create("bench-p3l-", drop)) {
      int internal = Scratch.freePort();
      int external = Scratch.freePort();
      Path spec = s.dir().resolve("spec.json");
      Files.writeString(spec, SpecJson.write(BenchSpecs.small()));
      List<String> command = new ArrayList<>(launcher);
      command.addAll(List.of("-D", s.pgdata().toString(), "-S", spec.toString(), "-i", id,
          "--pg-port", Integer.toString(s.port()), "--pg-socket-dir", s.socketDir().toString(),
          "--external-http-port", Integer.toString(external),
          "--internal-http-port", Integer.toString(internal),
          "--template-cache", TemplateCache.defaultLocation().root().toString()));
      Path log = s.dir().resolve("compute_ctl.log");
      long start = System.nanoTime();
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      // The script runs the bench's own JDK and keeps its archives out of the user's cache.
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      builder.environment().put("COMPUTE_CTL_JVM_CACHE", cache.toString());
      builder.environment().remove("JAVA_OPTS");
      Process p = builder.start();
      try {
        awaitRunning(p, internal, log);
        double ms = (System.nanoTime() - start) / 1e6;
        Thread.sleep(1000);
        return new Launch(ms, rssMib(p.pid()));
      } finally {
        stop(p, s);
      }
    }
  }

  /**
   * Waits for the state change in the process's log (read every 5 ms: a file read costs the
   * measured process nothing), then for {@code /status} to say running, which it does at once
   * unless the servers are still starting. Polling {@code /status} every 5 ms from the start
   * instead cost the cold process about a third of its start: 200 requests a second through
   * Javalin's cold code, each logged.
   */
  private void awaitRunning(Process p, int port, Path log) throws Exception {
    HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    boolean logged = false;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("compute_ctl exited with " + p.exitValue() + ": " + tail(log));
      }
      if (!logged) {
        String text = Files.readString(log);
        if (text.contains(" -> failed")) {
          throw new IOException("compute_ctl failed: " + tail(log));
        }
        logged = text.contains(" -> running");
      }
      if (logged) {
        try {
          HttpResponse<String> r = http.send(status, HttpResponse.BodyHandlers.ofString());
          if (r.body().contains("\"running\"")) {
            return;
          }
        } catch (IOException e) {
          // Not listening yet.
        }
      }
      Thread.sleep(5);
    }
    throw new IOException("compute_ctl not running after " + START_LIMIT + ": " + tail(log));
  }

  /** SIGTERM (a fast shutdown of Postgres, then exit); SIGKILL and the pid file as a fallback. */
  private static void stop(Process p, Scratch s) throws Exception {
    p.destroy();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    s.stopPostmasterByPidFile();
  }

  static double rssMib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        String kb = line.substring("VmRSS:".length()).replace("kB", "").strip();
        return Long.parseLong(kb) / 1024.0;
      }
    }
    throw new IOException("no VmRSS for pid " + pid);
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log);
      return text.length() > 1500 ? text.substring(text.length() - 1500) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
