package dev.computectl.testkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.computectl.core.ComputeNode;
import dev.computectl.core.NodeIdentity;
import dev.computectl.core.NodeTimings;
import dev.computectl.core.PostgresOptions;
import dev.computectl.core.ExitOutcome;
import dev.computectl.core.config.SpecFileSpecSource;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.SpecJson;
import dev.computectl.core.ComputeException;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.TerminateMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refreshes that cannot simply reconfigure a live Postgres, against a real one: after the
 * postmaster died (with and without a recovery window), a bare spec file as the source, and no
 * source at all. None of them may loop, and no postmaster is left behind.
 */
class ComputeNodeRecoveryIT {

  private NodeScratch scratch;
  private Path dir;
  private int port;
  private ComputeNode node;

  @BeforeEach
  void setUp() throws IOException {
    scratch = NodeScratch.create("core-recovery-it-");
    dir = scratch.dir();
    port = scratch.port();
  }

  @AfterEach
  void tearDown() throws IOException {
    if (node != null) {
      node.close();
    }
    scratch.close();
  }

  private static ComputeSpec spec(String workMem) throws Exception {
    return SpecJson.readSpec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": 300,"
        + " \"cluster\": {\"roles\": [{\"name\": \"alice\", \"encrypted_password\": null,"
        + " \"options\": null}], \"databases\": [{\"name\": \"app\", \"owner\": \"alice\","
        + " \"options\": null}], \"settings\": ["
        + "{\"name\": \"fsync\", \"value\": \"off\", \"vartype\": \"bool\"},"
        + "{\"name\": \"work_mem\", \"value\": \"" + workMem + "\", \"vartype\": \"string\"}]}}");
  }

  /**
   * Valid, but Postgres refuses it during the apply: the new role bob's VALID UNTIL is not a
   * timestamp (options of an existing role are not re-applied, so the role must be new).
   */
  private static ComputeSpec failingSpec() throws Exception {
    return SpecJson.readSpec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": 300,"
        + " \"cluster\": {\"roles\": [{\"name\": \"alice\", \"encrypted_password\": null},"
        + " {\"name\": \"bob\", \"encrypted_password\": null,"
        + " \"options\": [{\"name\": \"VALID UNTIL\", \"value\": \"not-a-date\","
        + " \"vartype\": \"string\"}]}], \"databases\": [{\"name\": \"app\","
        + " \"owner\": \"alice\", \"options\": null}], \"settings\": ["
        + "{\"name\": \"fsync\", \"value\": \"off\", \"vartype\": \"bool\"}]}}");
  }

  private static ConfigurationRequest request(ComputeSpec spec) {
    return new ConfigurationRequest(spec, ComputeCtlConfig.defaults());
  }

  private static final NodeTimings TIMINGS = NodeTimings.defaults()
      .withStopGrace(Duration.ofSeconds(10))
      .withReadinessTimeout(Duration.ofSeconds(30))
        .withRefreshBackoff(Duration.ofMillis(50), Duration.ofMillis(200));

  private dev.computectl.core.ComputeNodeBuilder builder() {
    return ComputeNode.builder()
        .identity(NodeIdentity.of("it-recovery-" + port))
        .postgres(PostgresOptions.of(dir.resolve("pgdata"),
                "postgresql://cloud_admin@127.0.0.1:" + port + "/postgres",
                PgBinaries.locate(null, System.getenv()))
            .withTemplateCache(TemplateCache.defaultLocation().root())
            .withSocketDir(dir.resolve("sock")))
        .timings(TIMINGS);
  }

  private String show(String setting) throws Exception {
    try (Connection c = DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=cloud_admin");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW " + setting)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private void startRunning(ComputeNode n) {
    node = n;
    node.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> node.status() == ComputeStatus.RUNNING
        || node.status() == ComputeStatus.FAILED);
    assertThat(node.statusResponse().error()).isNull();
    assertThat(node.status()).isEqualTo(ComputeStatus.RUNNING);
  }

  private Path specFile(String workMem) throws Exception {
    Path file = dir.resolve("spec.json");
    Files.writeString(file, SpecJson.write(spec(workMem)));
    return file;
  }

  @Test
  void refreshRereadsABareSpecFile() throws Exception {
    Path file = specFile("4MB");
    startRunning(builder().spec(spec("4MB")).specSource(new SpecFileSpecSource(file)).build());
    Files.writeString(file, SpecJson.write(spec("16MB")));
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(30)).until(() -> "16MB".equals(show("work_mem")));
    await().atMost(Duration.ofSeconds(10)).until(() -> node.status() == ComputeStatus.RUNNING);
    assertThat(node.statusResponse().error()).isNull();
  }

  @Test
  void refreshAfterThePostmasterDiedFailsOnceWithARestartHint() throws Exception {
    Path file = specFile("4MB");
    startRunning(builder().spec(spec("4MB")).specSource(new SpecFileSpecSource(file)).build());
    long pid = node.postmasterPid().orElseThrow();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    ExitOutcome outcome = node.awaitExit(Duration.ofSeconds(30)).orElseThrow();
    assertThat(outcome.code()).isEqualTo(1);

    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(10)).until(() -> node.status() == ComputeStatus.FAILED
        && node.statusResponse().error().contains("must be restarted"));
    assertThat(node.statusResponse().error()).contains("postmaster pid " + pid + " exited");
    // Nothing was started behind the caller's back: no postmaster, and the port is free.
    assertThat(node.postmasterPid()).isEmpty();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
    assertThat(node.terminate(TerminateMode.FAST).response().lsn()).isNull();
    assertThat(node.status()).isEqualTo(ComputeStatus.TERMINATED);
  }

  @Test
  void refreshWithoutASourceRecordsTheErrorAndPostgresKeepsServing() throws Exception {
    startRunning(builder().spec(spec("4MB")).build());
    node.refreshConfiguration();
    assertThat(node.status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(node.statusResponse().error()).contains("no spec source configured")
        .contains("--spec-path");
    assertThat(show("work_mem")).isEqualTo("4MB");
  }

  @Test
  void withinTheRecoveryWindowARefreshStartsPostgresAgain() throws Exception {
    Path file = specFile("4MB");
    startRunning(builder().spec(spec("4MB")).specSource(new SpecFileSpecSource(file))
        .timings(TIMINGS.withRecoveryWindow(Duration.ofMinutes(2))).build());
    long first = node.postmasterPid().orElseThrow();
    Files.writeString(file, SpecJson.write(spec("16MB")));
    new ProcessBuilder("kill", "-9", Long.toString(first)).start().waitFor();
    await().atMost(Duration.ofSeconds(30)).until(() -> node.status() == ComputeStatus.FAILED);

    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(60)).until(() -> node.status() == ComputeStatus.RUNNING);
    assertThat(node.statusResponse().error()).isNull();
    long second = node.postmasterPid().orElseThrow();
    assertThat(second).isNotEqualTo(first);
    assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(show("work_mem")).isEqualTo("16MB");
    assertThat(node.exitFuture()).isNotDone();

    assertThat(node.terminate(TerminateMode.FAST).response().lsn()).isNotNull();
    assertThat(node.awaitExit(Duration.ofSeconds(30))).get()
        .extracting(ExitOutcome::code).isEqualTo(0);
    assertThat(ProcessHandle.of(second).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void aConfigureHealsAFailedReconfigure() throws Exception {
    startRunning(builder().spec(spec("4MB")).build());
    assertThat(failingSpec().cluster().roles().get(1).options()).hasSize(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.configure(request(failingSpec())))
        .isInstanceOf(ComputeException.ConfigurationFailed.class)
        .hasMessageContaining("not-a-date");
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);

    assertThat(node.configure(request(spec("16MB"))).status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(node.statusResponse().error()).isNull();
    assertThat(show("work_mem")).isEqualTo("16MB");
  }

  @Test
  void withinTheRecoveryWindowAConfigureHealsAFailedStartupApply() throws Exception {
    node = builder().spec(failingSpec())
        .timings(TIMINGS.withRecoveryWindow(Duration.ofMinutes(2))).build();
    node.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> node.status() == ComputeStatus.FAILED);
    assertThat(node.statusResponse().error()).contains("not-a-date");
    assertThat(node.postmasterPid()).isEmpty();

    assertThat(node.configure(request(spec("16MB"))).status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(node.statusResponse().error()).isNull();
    assertThat(node.postmasterPid()).isPresent();
    assertThat(show("work_mem")).isEqualTo("16MB");
    assertThat(node.exitFuture()).isNotDone();
    assertThat(node.terminate(TerminateMode.FAST).response().lsn()).isNotNull();
    assertThat(node.awaitExit(Duration.ofSeconds(30))).get()
        .extracting(ExitOutcome::code).isEqualTo(0);
  }

  @Test
  void withoutARecoveryWindowAConfigureAfterAFailedStartIsRefusedWithTheReason()
      throws Exception {
    node = builder().spec(failingSpec()).build();
    node.start();
    node.awaitExit(Duration.ofSeconds(60)).orElseThrow();
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);
    String error = node.statusResponse().error();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.configure(request(spec("16MB"))))
        .isInstanceOf(ComputeException.InvalidState.class)
        .hasMessageStartingWith("invalid compute status: failed (postgres is not running");
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);
    assertThat(node.statusResponse().error()).isEqualTo(error);
    assertThat(node.postmasterPid()).isEmpty();
  }
}
