package dev.computectl.testkit.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as an operator runs it: examples/spec.json on a fresh PGDATA, to {@code running}, a
 * login with a spec role's password, and the two ways the process ends (SIGTERM to compute_ctl,
 * a postmaster killed under it).
 */
class LauncherComputeIT {

  private static final Path EXAMPLE_SPEC = Path.of("..", "examples", "spec.json");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);

  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();
  private LauncherProcess launcher;
  private int pgPort;
  private int externalPort;
  private Path pgdata;

  @BeforeEach
  void start() throws Exception {
    // Postgres runs as user postgres when the tests run as root: it must reach PGDATA.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    pgdata = tmp.resolve("pgdata");
    pgPort = freePort();
    externalPort = freePort();
    launcher = LauncherProcess.start(tmp.resolve("logs"), Map.of(),
        "-D", pgdata.toString(), "--pg-socket-dir",
        LauncherProcess.socketDir(tmp).toString(), "-S", EXAMPLE_SPEC.toString(), "--pg-port",
        Integer.toString(pgPort), "--external-http-port", Integer.toString(externalPort),
        "--internal-http-port", Integer.toString(freePort()),
        "--template-cache", tmp.resolve("templates").toString());
    await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
        .failFast("compute_ctl exited during startup", () -> !launcher.isAlive())
        .until(() -> metrics().contains("status=\"running\""));
  }

  @AfterEach
  void stop() throws Exception {
    if (launcher != null) {
      Optional<Long> postmaster = postmasterPid();
      launcher.close();
      // A failed test must not leave its Postgres behind either.
      postmaster.flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void specRoleLogsInWithItsPasswordAndSigtermStopsPostgresCleanly() throws Exception {
    try (Connection conn = connect("shop_app", "app-secret-2", "shop");
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_user, current_database()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("shop_app");
      assertThat(rs.getString(2)).isEqualTo("shop");
    }
    assertThatThrownBy(() -> connect("shop_app", "not-the-password", "shop").close())
        .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    // The announcement comes from its own thread a moment after the status turns running.
    awaitLog("is running");
    assertThat(launcher.stderr())
        .contains("psql -h 127.0.0.1 -p " + pgPort + " -U shop_owner shop")
        .doesNotContain("app-secret-2");
    // The spec is applied: planning it again against the live catalog finds nothing to write.
    LauncherProcess.Result plan = LauncherProcess.run(tmp.resolve("logs"),
        Duration.ofSeconds(60), "--print-plan", "-S", EXAMPLE_SPEC.toString(), "-C",
        "postgresql://cloud_admin@127.0.0.1:" + pgPort + "/postgres");
    assertThat(plan.exitCode()).as(plan.stderr()).isZero();
    assertThat(plan.stdout()).contains("0 statements, 0 writes");
    long postmaster = postmasterPid().orElseThrow();

    ProcessHandle.of(launcher.pid()).orElseThrow().destroy(); // SIGTERM

    Optional<Integer> code = launcher.waitFor(STOP_TIMEOUT);
    assertThat(code).as(launcher.stderr()).contains(0);
    assertThat(LauncherProcess.gone(postmaster)).as("postmaster %d is gone", postmaster).isTrue();
    assertThat(launcher.stderr()).contains("received SIGTERM").contains("fast shutdown");
  }

  @Test
  void secondSigtermEscalatesToImmediateShutdown() throws Exception {
    long postmaster = postmasterPid().orElseThrow();
    ProcessHandle launcherHandle = ProcessHandle.of(launcher.pid()).orElseThrow();
    // A stopped postmaster cannot finish the fast shutdown, so the second signal surely arrives
    // while compute_ctl still waits (standard signals sent back to back would merge into one).
    sendSignal("STOP", postmaster);
    try {
      launcherHandle.destroy(); // SIGTERM: fast
      awaitLog("received SIGTERM: fast shutdown");
      launcherHandle.destroy(); // SIGTERM again: immediate
      awaitLog("received SIGTERM again: immediate shutdown");
    } finally {
      sendSignal("CONT", postmaster);
    }

    Optional<Integer> code = launcher.waitFor(STOP_TIMEOUT);
    assertThat(code).as(launcher.stderr()).isPresent();
    assertThat(LauncherProcess.gone(postmaster)).as("postmaster %d is gone", postmaster).isTrue();
    assertThat(launcher.stderr()).contains("PG: ").contains("immediate shutdown request");
  }

  @Test
  void killedPostmasterMakesComputeCtlExitNonZero() throws Exception {
    long postmaster = postmasterPid().orElseThrow();
    ProcessHandle.of(postmaster).orElseThrow().destroyForcibly(); // SIGKILL

    Optional<Integer> code = launcher.waitFor(Duration.ofSeconds(20));
    assertThat(code).as("compute_ctl should exit soon after its postmaster died").isPresent();
    assertThat(code.get()).as(launcher.stderr()).isNotZero();
  }

  private void awaitLog(String text) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> launcher.stderr().contains(text));
  }

  private static void sendSignal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
    assertThat(kill.waitFor()).as("kill -" + name + " " + pid).isZero();
  }

  private Optional<Long> postmasterPid() throws IOException {
    return LauncherProcess.postmasterPid(pgdata);
  }

  private String metrics() {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + externalPort + "/metrics"))
              .timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return ""; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private Connection connect(String user, String password, String database) throws Exception {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database, props);
  }

  private static int freePort() throws IOException {
    return LauncherProcess.freePort();
  }
}
