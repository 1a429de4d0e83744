package dev.computectl.testkit.bench;

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
import java.util.concurrent.TimeUnit;

/**
 * P3l: {@code java -jar compute_ctl.jar} process start until its internal {@code /status} says
 * running (JVM start, config read, PGDATA from the template cache, postmaster, apply of a small
 * spec), with and without an application class-data-sharing archive made by a training run.
 * P5's resident memory comes from the same processes, read from {@code /proc/<pid>/status} one
 * second after they report running.
 */
final class LauncherBench {

  private static final Duration START_LIMIT = Duration.ofSeconds(120);
  /**
   * Flags for a small footprint: what RSS is when the JVM is told it runs one small service. The
   * same flags examples/run.sh and the README give compute_ctl (keep them in step), so P5's
   * headline figure measures compute_ctl as we tell operators to run it.
   */
  static final List<String> SMALL_FLAGS = List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx128m",
      "-XX:ReservedCodeCacheSize=32m", "-XX:TieredStopAtLevel=1", "-Xss512k");

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
    if (settings.launcherJar().isEmpty()) {
      String reason = "compute_ctl.jar not built; run with -am or set -Dbench.launcherJar";
      results.unavailable("P3l", "compute_ctl process start -> running", "ms", reason);
      results.unavailable("P5", "compute_ctl RSS when running", "rss_mib", reason);
      return;
    }
    Path jar = settings.launcherJar().get();
    Files.createDirectories(settings.outDir());
    Path archive = settings.outDir().resolve("compute_ctl.jsa").toAbsolutePath();
    Files.deleteIfExists(archive);
    if (!settings.quick()) {
      // Training run: the JVM writes the archive of every class it loaded when it exits.
      launch(jar, List.of("-XX:ArchiveClassesAtExit=" + archive), "p3l-train");
    }
    boolean cds = Files.isRegularFile(archive);
    List<Double> plain = new ArrayList<>();
    List<Double> withCds = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    List<Double> rssDefault = new ArrayList<>();
    List<Double> rssCds = new ArrayList<>();
    List<Double> small = new ArrayList<>();
    List<Double> rssSmall = new ArrayList<>();
    for (int run = 0; run < settings.runs(); run++) {
      Launch a = launch(jar, List.of(), "p3l-" + run);
      plain.add(a.ms());
      rssDefault.add(a.rssMib());
      rss.add(launch(jar, SMALL_FLAGS, "p5-shipped-" + run).rssMib());
      if (cds) {
        Launch b = launch(jar, List.of("-XX:SharedArchiveFile=" + archive), "p3l-cds-" + run);
        withCds.add(b.ms());
        rssCds.add(b.rssMib());
        if (!settings.quick()) {
          List<String> flags = new ArrayList<>(SMALL_FLAGS);
          flags.add("-XX:SharedArchiveFile=" + archive);
          Launch c = launch(jar, flags, "p3l-small-" + run);
          small.add(c.ms());
          rssSmall.add(c.rssMib());
        }
      }
    }
    results.figure("P3l", "java -jar compute_ctl.jar -> running", "ms", Stats.of(plain), "ms",
        "JVM start + template copy + postmaster + apply");
    if (cds) {
      results.figure("P3l", "same with an AppCDS archive", "cds_ms", Stats.of(withCds), "ms",
          "-XX:SharedArchiveFile (dynamic archive of a training run)");
    } else {
      results.unavailable("P3l", "same with an AppCDS archive", "cds_ms", settings.quick()
          ? "skipped in a quick run" : "the training run wrote no archive");
    }
    Stats r = Stats.of(rss);
    results.figure("P5", "compute_ctl RSS when running", "rss_mib", r, "MiB",
        "run.sh's JVM flags; target <= 128 MiB: " + (r.median() <= 128 ? "met" : "NOT met"));
    results.figure("P5", "compute_ctl RSS, default JVM flags", "rss_default_mib",
        Stats.of(rssDefault), "MiB", "the JVM sizes itself for the whole machine");
    if (cds) {
      results.figure("P5", "compute_ctl RSS, with AppCDS", "rss_cds_mib", Stats.of(rssCds),
          "MiB", "");
    }
    if (!small.isEmpty()) {
      results.figure("P3l", "AppCDS + small-footprint flags", "small_ms", Stats.of(small), "ms",
          String.join(" ", SMALL_FLAGS));
      Stats rs = Stats.of(rssSmall);
      results.figure("P5", "compute_ctl RSS, AppCDS + small-footprint flags", "rss_small_mib", rs,
          "MiB", "same flags as P3l; <= 128 MiB: " + (rs.median() <= 128 ? "yes" : "no"));
    }
  }

  private Launch launch(Path jar, List<String> jvmFlags, String id) throws Exception {
    try (Scratch s = Scratch.create("bench-p3l-", drop)) {
      int internal = Scratch.freePort();
      int external = Scratch.freePort();
      Path spec = s.dir().resolve("spec.json");
      Files.writeString(spec, SpecJson.write(BenchSpecs.small()));
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmFlags);
      command.addAll(List.of("-jar", jar.toString(),
          "-D", s.pgdata().toString(), "-S", spec.toString(), "-i", id,
          "--pg-port", Integer.toString(s.port()),
          "--external-http-port", Integer.toString(external),
          "--internal-http-port", Integer.toString(internal),
          "--template-cache", TemplateCache.defaultLocation().root().toString()));
      Path log = s.dir().resolve("compute_ctl.log");
      long start = System.nanoTime();
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
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

  private void awaitRunning(Process p, int port, Path log) throws Exception {
    HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("compute_ctl exited with " + p.exitValue() + ": " + tail(log));
      }
      try {
        HttpResponse<String> r = http.send(status, HttpResponse.BodyHandlers.ofString());
        if (r.body().contains("\"running\"")) {
          return;
        }
        if (r.body().contains("\"failed\"")) {
          throw new IOException("compute_ctl failed: " + r.body());
        }
      } catch (IOException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("compute_ctl failed")) {
          throw e;
        }
        // Not listening yet.
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
