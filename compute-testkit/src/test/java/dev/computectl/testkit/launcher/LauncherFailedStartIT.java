package dev.computectl.testkit.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.api.ComputeStatusResponse;
import dev.computectl.testkit.WorkDirs;
import dev.computectl.testkit.client.ComputeHttpClient;
import dev.computectl.testkit.jwt.TestJwts;
import dev.computectl.testkit.spec.ConfigBuilder;
import dev.computectl.testkit.spec.SpecBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a failed start (a spec whose {@code max_connections} Postgres refuses) the jar keeps both
 * HTTP servers up for {@code --failed-start-exit-delay}: {@code /status} says {@code failed} with
 * the error, and {@code POST /terminate} ends the wait early with exit code 1 ({@code
 * FailedStartDelayTest} in compute-launcher covers a delay that runs out).
 */
class LauncherFailedStartIT {

  private static final String COMPUTE_ID = "compute-failed-start";

  @TempDir Path tmp;
  private final TestJwts keys = TestJwts.ed25519();
  private Path config;

  @BeforeEach
  void brokenConfig() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    JsonNode example = SpecJson.mapper().readTree(Path.of("..", "examples", "spec.json").toFile());
    config = tmp.resolve("config.json");
    Files.writeString(config, ConfigBuilder.config()
        .spec(SpecBuilder.from(example).setting("max_connections", "-5", "integer"))
        .jwks(keys).toConfigJson());
  }

  @Test
  void statusShowsTheErrorDuringTheDelayAndTerminateEndsItWithExitOne() throws Exception {
    int externalPort = LauncherProcess.freePort();
    int internalPort = LauncherProcess.freePort();
    try (LauncherProcess launcher = start(externalPort, internalPort, 120)) {
      ComputeHttpClient client = ComputeHttpClient.builder().external(externalPort)
          .internal(internalPort).bearerToken(keys.computeToken(COMPUTE_ID))
          .timeout(Duration.ofSeconds(30)).build();
      ComputeStatusResponse failed = awaitFailed(launcher, client);
      assertThat(failed.error()).contains("compute start failed").contains("max_connections");
      // The start failed, yet compute_ctl has not exited: the control plane can still look.
      assertThat(launcher.waitFor(Duration.ofSeconds(1))).isEmpty();
      assertThat(client.status().status()).isEqualTo(ComputeStatus.FAILED);

      long asked = System.nanoTime();
      client.terminate();
      Optional<Integer> code = launcher.waitFor(Duration.ofSeconds(15));
      assertThat(code).as(launcher.stderr()).contains(1);
      assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(10));
      assertThat(launcher.stderr()).contains("--failed-start-exit-delay");
    }
  }

  @Test
  void aTakenHttpPortEndsTheStartAtOnceWithExitOneAndNoPostgresLeft() throws Exception {
    int internalPort = LauncherProcess.freePort();
    Path pgdata = tmp.resolve("pgdata-port-taken");
    try (java.net.ServerSocket taken = new java.net.ServerSocket(internalPort, 1,
            java.net.InetAddress.getLoopbackAddress());
        LauncherProcess launcher = LauncherProcess.start(tmp.resolve("logs"), Map.of(),
            "-D", pgdata.toString(), "--pg-socket-dir",
        LauncherProcess.socketDir(tmp).toString(), "-S", Path.of("..", "examples", "spec.json").toString(),
            "--pg-port", Integer.toString(LauncherProcess.freePort()),
            "--external-http-port", Integer.toString(LauncherProcess.freePort()),
            "--internal-http-port", Integer.toString(internalPort),
            "--failed-start-exit-delay", "120",
            "--template-cache", WorkDirs.templateCache().root().toString())) {
      // The servers start beside the compute; their failure still ends it, without the delay.
      Optional<Integer> code = launcher.waitFor(Duration.ofSeconds(60));
      assertThat(code).as(launcher.stderr()).contains(1);
      assertThat(launcher.stderr()).contains("cannot start the internal")
          .contains(Integer.toString(internalPort));
      Optional<Long> postmaster = LauncherProcess.postmasterPid(pgdata);
      assertThat(postmaster.map(LauncherProcess::gone).orElse(true))
          .as("postgres %s left running", postmaster).isTrue();
    }
  }

  private LauncherProcess start(int externalPort, int internalPort, int delaySeconds)
      throws Exception {
    return LauncherProcess.start(tmp.resolve("logs"), Map.of(),
        "-D", tmp.resolve("pgdata").toString(), "--pg-socket-dir",
        LauncherProcess.socketDir(tmp).toString(), "-c", config.toString(), "-i", COMPUTE_ID,
        "--external-http-port", Integer.toString(externalPort),
        "--internal-http-port", Integer.toString(internalPort),
        "--failed-start-exit-delay", Integer.toString(delaySeconds),
        // The harness's shared template cache: no initdb of its own.
        "--template-cache", WorkDirs.templateCache().root().toString());
  }

  private static ComputeStatusResponse awaitFailed(LauncherProcess launcher,
      ComputeHttpClient client) {
    return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .failFast("compute_ctl exited before its status could be read",
            () -> !launcher.isAlive())
        .until(() -> statusOrNull(client),
            s -> s != null && s.status() == ComputeStatus.FAILED);
  }

  private static ComputeStatusResponse statusOrNull(ComputeHttpClient client) {
    try {
      return client.status();
    } catch (RuntimeException e) {
      return null; // not listening yet
    }
  }
}
