package dev.computectl.testkit.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-format json}: every line logged on the compute's threads, the relayed Postgres
 * lines among them, names the compute in {@code mdc.compute_id}, and the lines of an HTTP request
 * name its {@code x-request-id} in {@code mdc.request_id}.
 */
class LauncherJsonLogIT {

  private static final String COMPUTE_ID = "json-log-c1";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void jsonLinesCarryTheComputeIdAndTheRequestId() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path pgdata = tmp.resolve("pgdata");
    int internalPort = LauncherProcess.freePort();
    HttpClient http = HttpClient.newHttpClient();
    List<JsonNode> lines;
    try (LauncherProcess launcher = LauncherProcess.start(tmp.resolve("logs"), Map.of(),
        "--log-format", "json", "--compute-id", COMPUTE_ID, "-D", pgdata.toString(), "--pg-socket-dir",
        LauncherProcess.socketDir(tmp).toString(),
        "-S", Path.of("..", "examples", "spec.json").toString(),
        "--pg-port", Integer.toString(LauncherProcess.freePort()),
        "--external-http-port", Integer.toString(LauncherProcess.freePort()),
        "--internal-http-port", Integer.toString(internalPort),
        "--template-cache", tmp.resolve("templates").toString())) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
          .failFast("compute_ctl exited during startup", () -> !launcher.isAlive())
          .until(() -> status(http, internalPort, "it-request-7").contains("\"running\""));

      ProcessHandle.of(launcher.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM
      Optional<Integer> exit = launcher.waitFor(Duration.ofSeconds(45));
      assertThat(exit).as("compute_ctl stops on SIGTERM").isPresent();
      lines = parse(launcher.stderr());
    } finally {
      LauncherProcess.postmasterPid(pgdata).flatMap(ProcessHandle::of)
          .ifPresent(ProcessHandle::destroyForcibly);
    }

    List<JsonNode> computeThreads = lines.stream()
        .filter(l -> l.path("threadName").asText().startsWith(COMPUTE_ID + "-"))
        .toList();
    assertThat(computeThreads).hasSizeGreaterThan(5)
        .allSatisfy(l -> assertThat(l.path("mdc").path("compute_id").asText())
            .as("compute_id of %s", l).isEqualTo(COMPUTE_ID));
    assertThat(lines)
        .filteredOn(l -> l.path("loggerName").asText().equals("dev.computectl.postgres"))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l.path("mdc").path("compute_id").asText())
            .isEqualTo(COMPUTE_ID));
    assertThat(lines)
        .filteredOn(l -> l.path("formattedMessage").asText().contains("request_id=it-request-7"))
        .isNotEmpty()
        .allSatisfy(l -> {
          assertThat(l.path("mdc").path("request_id").asText()).isEqualTo("it-request-7");
          assertThat(l.path("mdc").path("compute_id").asText()).isEqualTo(COMPUTE_ID);
        });
  }

  private static String status(HttpClient http, int port, String requestId) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
              .header("x-request-id", requestId).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return ""; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The JSON lines of compute_ctl's stderr (every line is one). */
  private static List<JsonNode> parse(String stderr) throws IOException {
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : stderr.split("\n")) {
      if (!line.isBlank() && line.startsWith("{")) {
        parsed.add(JSON.readTree(line));
      }
    }
    assertThat(parsed).as("JSON lines on stderr:\n%s", stderr).isNotEmpty();
    return parsed;
  }
}
