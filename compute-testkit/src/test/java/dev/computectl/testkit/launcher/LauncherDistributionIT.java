package dev.computectl.testkit.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as an operator gets it: compute_ctl-&lt;version&gt;.tar.gz unpacked somewhere
 * else than where it was built (so the package-time archive does not fit and the start script
 * makes its own), {@code bin/compute_ctl --help}, a start of examples/spec.json to running with
 * the archive its training run wrote, and a broken archive that must not stop a start.
 */
class LauncherDistributionIT {

  private static final Path EXAMPLE_SPEC = Path.of("..", "examples", "spec.json");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(240);

  @TempDir Path tmp;

  private Path script;
  private Path cache;
  private Map<String, String> env;

  @BeforeEach
  void unpack() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path tarball;
    try (Stream<Path> files = Files.list(LauncherProcess.jar().toAbsolutePath().getParent())) {
      tarball = files.filter(f -> f.getFileName().toString().matches("compute_ctl-.*\\.tar\\.gz"))
          .findFirst().orElseThrow(() -> new IllegalStateException(
              "no compute_ctl-<version>.tar.gz next to " + LauncherProcess.jar()));
    }
    Path dist = tmp.resolve("dist");
    Files.createDirectories(dist);
    Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", dist.toString(),
        "--strip-components=1").inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    script = dist.resolve("bin/compute_ctl");
    cache = tmp.resolve("jvm-cache");
    env = Map.of("JAVA_HOME", System.getProperty("java.home"),
        "COMPUTE_CTL_JVM_CACHE", cache.toString());
    assertThat(script).isExecutable();
    assertThat(dist.resolve("lib/compute_ctl.jar")).isRegularFile();
    assertThat(dist.resolve("lib/compute_ctl.jsa")).isRegularFile();
  }

  @Test
  void helpThenAStartToRunningOnTheArchiveItsTrainingRunWrote() throws Exception {
    LauncherProcess.Result help = run(env, "--help");
    assertThat(help.exitCode()).as(help.stderr()).isZero();
    assertThat(help.stdout()).contains("Usage: compute_ctl");
    // The shipped archive is for the build's path: silently unused, not a warning.
    assertNoArchiveWarning(help);

    Path archive = awaitTrainedArchive();
    assertThat(Files.size(archive)).isPositive();

    int internal = LauncherProcess.freePort();
    try (LauncherProcess compute = LauncherProcess.start(List.of(script.toString()),
        tmp.resolve("logs"), env, "-D", tmp.resolve("pgdata").toString(), "--pg-socket-dir",
        LauncherProcess.socketDir(tmp).toString(),
        "-S", EXAMPLE_SPEC.toString(), "--pg-port", Integer.toString(LauncherProcess.freePort()),
        "--external-http-port", Integer.toString(LauncherProcess.freePort()),
        "--internal-http-port", Integer.toString(internal),
        "--template-cache", tmp.resolve("templates").toString())) {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest status = HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + internal + "/status")).build();
      await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
          .failFast("compute_ctl exited during startup", () -> !compute.isAlive())
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> http.send(status, HttpResponse.BodyHandlers.ofString()).body()
              .contains("\"running\""));
      ProcessHandle.of(compute.pid()).orElseThrow().destroy();
      Optional<Integer> code = compute.waitFor(Duration.ofSeconds(60));
      assertThat(code).as(compute.stderr()).contains(0);
      assertThat(compute.stderr()).doesNotContain("][cds").doesNotContain("][aot");
    }
  }

  @Test
  void aBrokenArchiveInTheCacheDoesNotStopTheStart() throws Exception {
    run(env, "--help");
    Path archive = awaitTrainedArchive();
    Files.writeString(archive, "not an archive");
    LauncherProcess.Result help = run(env, "--help");
    assertThat(help.exitCode()).as(help.stderr()).isZero();
    assertThat(help.stdout()).contains("Usage: compute_ctl");
    assertNoArchiveWarning(help);
  }

  /** What the JVM prints about an archive it cannot use ("[warning][cds] ..."). */
  private static void assertNoArchiveWarning(LauncherProcess.Result result) {
    assertThat(result.stdout() + result.stderr()).doesNotContain("][cds").doesNotContain("][aot")
        .doesNotContainIgnoringCase("shared archive");
  }

  @Test
  void javaOptsComeAfterTheScriptsFlags() throws Exception {
    Map<String, String> withOpts = new java.util.HashMap<>(env);
    withOpts.put("JAVA_OPTS", "-Xmx200m -XX:+PrintFlagsFinal");
    withOpts.put("COMPUTE_CTL_ARCHIVE", "off");
    LauncherProcess.Result help = run(withOpts, "--help");
    assertThat(help.exitCode()).as(help.stderr()).isZero();
    // The script gives -Xmx128m; the later -Xmx200m wins.
    assertThat(help.stdout()).containsPattern("MaxHeapSize\\s+= 209715200\\b")
        .containsPattern("UseSerialGC\\s+= true");
  }

  private LauncherProcess.Result run(Map<String, String> environment, String... args)
      throws Exception {
    try (LauncherProcess p = LauncherProcess.start(List.of(script.toString()), tmp.resolve("logs"),
        environment, args)) {
      int code = p.waitFor(START_TIMEOUT).orElseThrow();
      return new LauncherProcess.Result(code, p.stdout(), p.stderr());
    }
  }

  /** The archive the script's background training run writes, once its lock is gone. */
  private Path awaitTrainedArchive() {
    return await().atMost(TRAINING_TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          if (!Files.isDirectory(cache)) {
            return Optional.<Path>empty();
          }
          List<Path> files;
          try (Stream<Path> list = Files.list(cache)) {
            files = list.toList();
          }
          assertThat(files).noneMatch(f -> f.toString().endsWith(".failed"));
          if (files.stream().anyMatch(f -> f.toString().endsWith(".lock"))) {
            return Optional.<Path>empty();
          }
          return files.stream().filter(f -> f.toString().matches(".*\\.(jsa|aot)")).findFirst();
        }, Optional::isPresent).orElseThrow();
  }
}
