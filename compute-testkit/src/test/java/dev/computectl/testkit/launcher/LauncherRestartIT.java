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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17: compute_ctl is SIGKILLed, its postmaster keeps running, and a new compute_ctl starts
 * on the same PGDATA. The new one must stop the old postmaster (fast shutdown) before it prepares
 * PGDATA, never wipe the directory under it, and reach {@code running}.
 */
class LauncherRestartIT {

  private static final Path EXAMPLE_SPEC = Path.of("..", "examples", "spec.json");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();
  private LauncherProcess first;
  private LauncherProcess second;
  private Long firstPostmaster;

  @AfterEach
  void stop() throws Exception {
    for (LauncherProcess p : new LauncherProcess[] {second, first}) {
      if (p != null) {
        p.close();
      }
    }
    if (firstPostmaster != null) {
      ProcessHandle.of(firstPostmaster).ifPresent(ProcessHandle::destroyForcibly);
    }
    Path pgdata = tmp.resolve("pgdata");
    if (Files.exists(pgdata)) {
      LauncherProcess.postmasterPid(pgdata).flatMap(ProcessHandle::of)
          .ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aSecondComputeCtlStopsTheOrphanedPostmasterBeforeItTouchesPgdata() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path pgdata = tmp.resolve("pgdata");
    int pgPort = LauncherProcess.freePort();
    int externalPort = LauncherProcess.freePort();
    int internalPort = LauncherProcess.freePort();
    String[] args = {"-D", pgdata.toString(), "--pg-socket-dir",
        LauncherProcess.socketDir(tmp).toString(), "-S", EXAMPLE_SPEC.toString(), "--pg-port",
        Integer.toString(pgPort), "--external-http-port", Integer.toString(externalPort),
        "--internal-http-port", Integer.toString(internalPort),
        "--template-cache", tmp.resolve("templates").toString()};

    first = LauncherProcess.start(tmp.resolve("logs"), Map.of(), args);
    awaitRunning(first, externalPort);
    firstPostmaster = LauncherProcess.postmasterPid(pgdata).orElseThrow();
    ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly(); // SIGKILL compute_ctl
    assertThat(first.waitFor(Duration.ofSeconds(20))).isPresent();
    assertThat(LauncherProcess.gone(firstPostmaster))
        .as("the orphaned postmaster %d keeps running", firstPostmaster).isFalse();

    second = LauncherProcess.start(tmp.resolve("logs"), Map.of(), args);
    awaitRunning(second, externalPort);

    assertThat(LauncherProcess.gone(firstPostmaster))
        .as("old postmaster %d was stopped", firstPostmaster).isTrue();
    long newPostmaster = LauncherProcess.postmasterPid(pgdata).orElseThrow();
    assertThat(newPostmaster).isNotEqualTo(firstPostmaster);
    assertThat(second.stderr())
        .contains("postgres pid " + firstPostmaster + " still runs on")
        .contains("WARN")
        // The old server got a fast shutdown, not a kill.
        .contains("old postgres pid " + firstPostmaster);

    ProcessHandle.of(second.pid()).orElseThrow().destroy(); // SIGTERM
    assertThat(second.waitFor(Duration.ofSeconds(45))).as(second.stderr()).contains(0);
  }

  private void awaitRunning(LauncherProcess launcher, int externalPort) {
    await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
        .failFast("compute_ctl exited during startup", () -> !launcher.isAlive())
        .until(() -> metrics(externalPort).contains("status=\"running\""));
  }

  private String metrics(int port) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
              .timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
