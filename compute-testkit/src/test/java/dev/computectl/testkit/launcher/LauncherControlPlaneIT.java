package dev.computectl.testkit.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.api.ComputeStatusResponse;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.testkit.client.ComputeHttpClient;
import dev.computectl.testkit.controlplane.ControlPlaneAnswer;
import dev.computectl.testkit.controlplane.FakeControlPlane;
import dev.computectl.testkit.jwt.TestJwts;
import dev.computectl.testkit.spec.SpecBuilder;
import dev.computectl.testkit.client.RawResponse;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar against a (fake) control plane: {@code -p} with {@code NEON_CONTROL_PLANE_TOKEN}, an
 * {@code empty} answer, {@code POST /configure} with a JWT, then {@code POST /terminate}, after
 * which compute_ctl exits with Postgres's code 0.
 */
class LauncherControlPlaneIT {

  private static final String COMPUTE_ID = "compute-cp-1";
  private static final String TOKEN = "cplane-token-not-for-logs";

  @TempDir Path tmp;

  @Test
  void emptyFromControlPlaneThenConfigureThenTerminateExitsZero() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    TestJwts keys = TestJwts.ed25519();
    Path pgdata = tmp.resolve("pgdata");
    int pgPort = LauncherProcess.freePort();
    int externalPort = LauncherProcess.freePort();
    int internalPort = LauncherProcess.freePort();
    try (FakeControlPlane cplane = FakeControlPlane.start();
        LauncherProcess launcher = LauncherProcess.start(tmp.resolve("logs"),
            Map.of("NEON_CONTROL_PLANE_TOKEN", TOKEN),
            "-D", pgdata.toString(), "--pg-socket-dir",
        LauncherProcess.socketDir(tmp).toString(), "-p", cplane.baseUri().toString(), "-i", COMPUTE_ID,
            // Without a spec at startup the connstr's port comes from here; /configure must match.
            "--pg-port", Integer.toString(pgPort),
            "--external-http-port", Integer.toString(externalPort),
            "--internal-http-port", Integer.toString(internalPort),
            "--template-cache", tmp.resolve("templates").toString())) {
      cplane.script(COMPUTE_ID, ControlPlaneAnswer.empty(keys));
      ComputeHttpClient client = ComputeHttpClient.builder().external(externalPort)
          .internal(internalPort).bearerToken(keys.computeToken(COMPUTE_ID))
          .timeout(Duration.ofSeconds(120)).build();
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
          .failFast("compute_ctl exited during startup", () -> !launcher.isAlive())
          .until(() -> statusOrNull(client) != null);
      assertThat(client.status().status()).isEqualTo(ComputeStatus.EMPTY);
      assertThat(cplane.requests(COMPUTE_ID)).isNotEmpty()
          .allSatisfy(r -> assertThat(r.authorization()).contains("Bearer " + TOKEN));

      JsonNode example = SpecJson.mapper().readTree(Path.of("..", "examples", "spec.json")
          .toFile());
      // The request's compute_ctl_config replaces the keys, so it carries ours again.
      ComputeStatusResponse configured = client.configure(new ConfigurationRequest(
          SpecBuilder.from(example).setting("port", Integer.toString(pgPort), "integer").build(),
          keys.ctlConfig()));
      assertThat(configured.status()).isEqualTo(ComputeStatus.RUNNING);
      long postmaster = LauncherProcess.postmasterPid(pgdata).orElseThrow();

      long asked = System.nanoTime();
      client.terminate();

      Optional<Integer> code = launcher.waitFor(Duration.ofSeconds(45));
      assertThat(code).as(launcher.stderr()).contains(0);
      // Neon lingers 30 s after a fast terminate; compute_ctl exits once the answer is sent.
      assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(15));
      assertThat(LauncherProcess.gone(postmaster)).as("postmaster %d is gone", postmaster)
          .isTrue();
      assertThat(launcher.stderr()).doesNotContain(TOKEN);
    }
  }

  /**
   * Issue #17: the control plane answers 500 for a while. Both servers answer meanwhile (status
   * {@code init}), compute_ctl retries with a backoff (logging the next delay) and starts once a
   * config comes. Then {@code /terminate} while another client holds an answered keep-alive
   * connection to the external server: compute_ctl still exits with Postgres's 0.
   */
  @Test
  void serversAnswerWhileTheControlPlaneFailsThenTheComputeStartsAndExitsZero()
      throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    TestJwts keys = TestJwts.ed25519();
    Path pgdata = tmp.resolve("pgdata");
    int pgPort = LauncherProcess.freePort();
    int externalPort = LauncherProcess.freePort();
    int internalPort = LauncherProcess.freePort();
    try (FakeControlPlane cplane = FakeControlPlane.start()) {
      cplane.answer(COMPUTE_ID, ControlPlaneAnswer.error(500));
      try (LauncherProcess launcher = LauncherProcess.start(tmp.resolve("logs"),
          Map.of("NEON_CONTROL_PLANE_TOKEN", TOKEN),
          "-D", pgdata.toString(), "--pg-socket-dir",
        LauncherProcess.socketDir(tmp).toString(), "-p", cplane.baseUri().toString(), "-i", COMPUTE_ID,
          "--pg-port", Integer.toString(pgPort),
          "--control-plane-retry-seconds", "120",
          "--external-http-port", Integer.toString(externalPort),
          "--internal-http-port", Integer.toString(internalPort),
          "--template-cache", tmp.resolve("templates").toString())) {
        ComputeHttpClient client = ComputeHttpClient.builder().external(externalPort)
            .internal(internalPort).bearerToken(keys.computeToken(COMPUTE_ID))
            .timeout(Duration.ofSeconds(120)).build();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .failFast("compute_ctl exited during startup", () -> !launcher.isAlive())
            .until(() -> cplane.requestCount(COMPUTE_ID) >= 3);
        RawResponse status = client.internal("GET", "/status", null);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"status\":\"init\"");
        assertThat(client.liveness()).isTrue();
        assertThat(client.readiness()).isFalse();
        assertThat(client.metrics()).contains("http_status=\"500\"");
        assertThat(launcher.stderr()).contains("next attempt in");

        JsonNode example = SpecJson.mapper().readTree(Path.of("..", "examples", "spec.json")
            .toFile());
        cplane.answer(COMPUTE_ID, ControlPlaneAnswer.attached(SpecBuilder.from(example)
            .setting("port", Integer.toString(pgPort), "integer"), keys));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
            .failFast("compute_ctl exited during startup", () -> !launcher.isAlive())
            .until(() -> {
              ComputeStatusResponse s = statusOrNull(client);
              return s != null && s.status() == ComputeStatus.RUNNING;
            });
        assertThat(client.readiness()).isTrue();
        long postmaster = LauncherProcess.postmasterPid(pgdata).orElseThrow();

        try (Socket held = new Socket("127.0.0.1", externalPort)) {
          held.setSoTimeout(5_000);
          held.getOutputStream().write(("GET /liveness HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Connection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          held.getOutputStream().flush();
          byte[] buffer = new byte[256];
          int read = held.getInputStream().read(buffer);
          assertThat(new String(buffer, 0, read, StandardCharsets.US_ASCII))
              .startsWith("HTTP/1.1 200");

          client.terminate();

          Optional<Integer> code = launcher.waitFor(Duration.ofSeconds(45));
          assertThat(code).as(launcher.stderr()).contains(0);
        }
        assertThat(LauncherProcess.gone(postmaster)).as("postmaster %d is gone", postmaster)
            .isTrue();
        assertThat(launcher.stderr()).doesNotContain(TOKEN);
      }
    }
  }

  private static ComputeStatusResponse statusOrNull(ComputeHttpClient client) {
    try {
      return client.status();
    } catch (RuntimeException e) {
      return null; // not listening yet
    }
  }
}
