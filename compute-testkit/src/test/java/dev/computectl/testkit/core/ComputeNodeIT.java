package dev.computectl.testkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.computectl.core.ComputeException;
import dev.computectl.core.ComputeNode;
import dev.computectl.core.NodeIdentity;
import dev.computectl.core.NodeTimings;
import dev.computectl.core.PostgresOptions;
import dev.computectl.core.ComputeOperations.TerminateResult;
import dev.computectl.core.ExitOutcome;
import dev.computectl.core.config.ConfigFileSpecSource;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.ExtensionInstallRequest;
import dev.computectl.spec.api.Privilege;
import dev.computectl.spec.api.SetRoleGrantsRequest;
import dev.computectl.spec.api.TerminateMode;
import java.io.IOException;
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

/** ComputeNode against a real Postgres: startup, configure, refresh, crash, terminate. */
class ComputeNodeIT {

  private NodeScratch scratch;
  private Path dir;
  private int port;
  private ComputeNode node;

  @BeforeEach
  void setUp() throws IOException {
    scratch = NodeScratch.create("core-it-");
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

  private static ComputeSpec spec(String workMem, String... roles) throws Exception {
    return specWithBuffers(workMem, "128MB", roles);
  }

  private static ComputeSpec specWithBuffers(String workMem, String sharedBuffers, String... roles)
      throws Exception {
    StringBuilder r = new StringBuilder();
    for (String role : roles) {
      r.append(r.length() == 0 ? "" : ",")
          .append("{\"name\": \"").append(role).append("\", \"encrypted_password\": null,"
              + " \"options\": null}");
    }
    return SpecJson.readSpec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": 300,"
        + " \"cluster\": {\"roles\": [" + r + "], \"databases\": [{\"name\": \"app\", \"owner\": \""
        + roles[0] + "\", \"options\": null}], \"settings\": ["
        + "{\"name\": \"fsync\", \"value\": \"off\", \"vartype\": \"bool\"},"
        + "{\"name\": \"shared_buffers\", \"value\": \"" + sharedBuffers
        + "\", \"vartype\": \"string\"},"
        + "{\"name\": \"work_mem\", \"value\": \"" + workMem + "\", \"vartype\": \"string\"}]}}");
  }

  private static final NodeTimings TIMINGS = NodeTimings.defaults()
      .withStopGrace(Duration.ofSeconds(10))
      .withReadinessTimeout(Duration.ofSeconds(30));

  private dev.computectl.core.ComputeNodeBuilder builder() {
    return ComputeNode.builder()
        .identity(NodeIdentity.of("it-" + port))
        .postgres(PostgresOptions.of(dir.resolve("pgdata"),
                "postgresql://cloud_admin@127.0.0.1:" + port + "/postgres",
                PgBinaries.locate(null, System.getenv()))
            .withTemplateCache(TemplateCache.defaultLocation().root())
            .withSocketDir(dir.resolve("sock")))
        .timings(TIMINGS);
  }

  private String connstr() {
    return "postgresql://cloud_admin@127.0.0.1:" + port + "/postgres";
  }

  private String query(String db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=cloud_admin");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private void startRunning(ComputeNode n) {
    node = n;
    node.start();
    await().atMost(Duration.ofSeconds(60))
        .until(() -> node.status() == ComputeStatus.RUNNING || node.status() == ComputeStatus.FAILED);
    assertThat(node.statusResponse().error()).isNull();
    assertThat(node.status()).isEqualTo(ComputeStatus.RUNNING);
  }

  @Test
  void startsFromASmallSpecAndRecordsTimings() throws Exception {
    startRunning(builder().spec(spec("4MB", "alice")).build());
    assertThat(query("postgres", "SHOW work_mem")).isEqualTo("4MB");
    assertThat(query("postgres", "SELECT rolname FROM pg_roles WHERE rolname = 'alice'"))
        .isEqualTo("alice");
    assertThat(query("app", "SELECT current_database()")).isEqualTo("app");
    var metrics = node.metrics();
    assertThat(metrics.startPostgresMs()).isPositive();
    assertThat(metrics.totalStartupMs()).isGreaterThanOrEqualTo(metrics.startPostgresMs());
    assertThat(metrics.basebackupBytes()).isPositive();
  }

  @Test
  void configureAppliesAChangedSpec() throws Exception {
    startRunning(builder().spec(spec("4MB", "alice")).build());
    node.configure(new ConfigurationRequest(spec("8MB", "alice", "bob"),
        ComputeCtlConfig.defaults()));
    assertThat(node.status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(query("postgres", "SHOW work_mem")).isEqualTo("8MB");
    assertThat(query("postgres", "SELECT rolname FROM pg_roles WHERE rolname = 'bob'"))
        .isEqualTo("bob");
  }

  @Test
  void restartOnlySettingIsReportedAsPendingRestart() throws Exception {
    startRunning(builder().spec(specWithBuffers("4MB", "128MB", "alice")).build());
    node.configure(new ConfigurationRequest(specWithBuffers("4MB", "256MB", "alice"),
        ComputeCtlConfig.defaults()));
    assertThat(node.pendingRestartSettings())
        .anySatisfy(p -> assertThat(p.name()).isEqualTo("shared_buffers"));
    assertThat(query("postgres", "SHOW shared_buffers")).isEqualTo("128MB");
  }

  @Test
  void refreshRereadsTheConfigFile() throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, "{\"spec\": " + SpecJson.write(spec("4MB", "alice"))
        + ", \"compute_ctl_config\": {\"jwks\": {\"keys\": []}}}");
    startRunning(builder().spec(spec("4MB", "alice"))
        .specSource(new ConfigFileSpecSource(config)).build());
    Files.writeString(config, "{\"spec\": " + SpecJson.write(spec("16MB", "alice"))
        + ", \"compute_ctl_config\": {\"jwks\": {\"keys\": []}}}");
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(30)).until(() -> "16MB".equals(query("postgres", "SHOW work_mem")));
    await().atMost(Duration.ofSeconds(10)).until(() -> node.status() == ComputeStatus.RUNNING);
  }

  @Test
  void operationsOnARunningCompute() throws Exception {
    startRunning(builder().spec(spec("4MB", "alice")).build());
    try (Connection c = DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + port + "/app?user=cloud_admin");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE public.orders (id bigint PRIMARY KEY)");
    }
    try (var dump = node.databaseSchema("app")) {
      assertThat(new String(dump.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("CREATE TABLE public.orders");
    }
    assertThatThrownBy(() -> node.databaseSchema("nope"))
        .isInstanceOf(ComputeException.NotFound.class);
    node.checkWritability();
    assertThat(query("postgres", "SELECT count(*) FROM public.health_check")).isEqualTo("1");
    var catalog = node.catalogObjects();
    assertThat(catalog.databases()).extracting(d -> d.name()).contains("app");
    assertThat(catalog.roles()).extracting(r -> r.name()).contains("alice", "cloud_admin");
    node.installExtension(new ExtensionInstallRequest("pg_stat_statements", "app", "1.10"));
    assertThat(query("app", "SELECT extversion FROM pg_extension"
        + " WHERE extname = 'pg_stat_statements'")).isEqualTo("1.10");
    node.setRoleGrants(new SetRoleGrantsRequest("app", "public",
        java.util.List.of(Privilege.USAGE, Privilege.CREATE), "alice"));
    assertThat(query("app", "SELECT has_schema_privilege('alice', 'public', 'CREATE')"))
        .isEqualTo("t");
    assertThat(node.insights().get("pg_stat_statements").isArray()).isTrue();
  }

  @Test
  void monitorMovesLastActiveForClientSessionsOnly() throws Exception {
    startRunning(builder().spec(spec("4MB", "alice")).timings(TIMINGS.withMonitorInterval(Duration.ofMillis(100)))
        .build());
    // compute_ctl's own sessions (the admin role) are not activity.
    query("postgres", "SELECT 1");
    assertThat(node.statusResponse().lastActive()).isNull();
    try (Connection admin = DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=cloud_admin");
        Statement st = admin.createStatement()) {
      st.execute("CREATE ROLE walker LOGIN PASSWORD 'walker-pw'");
    }
    try (Connection client = DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=walker&password=walker-pw")) {
      client.createStatement().execute("SELECT 1");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> node.statusResponse().lastActive() != null);
    }
  }

  @Test
  void killedPostmasterFailsTheComputeAndTerminateStillWorks() throws Exception {
    startRunning(builder().spec(spec("4MB", "alice")).build());
    long pid = node.postmasterPid().orElseThrow();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    ExitOutcome outcome = node.awaitExit(Duration.ofSeconds(30)).orElseThrow();
    assertThat(outcome.code()).isEqualTo(1);
    assertThat(node.status()).isEqualTo(ComputeStatus.FAILED);
    assertThat(node.statusResponse().error()).contains("SIGKILL");
    TerminateResult result = node.terminate(TerminateMode.FAST);
    assertThat(result.response().lsn()).isNull();
    assertThat(node.status()).isEqualTo(ComputeStatus.TERMINATED);
  }

  @Test
  void terminateFromRunningGivesTheCheckpointLsnAndExitZero() throws Exception {
    startRunning(builder().spec(spec("4MB", "alice")).build());
    TerminateResult result = node.terminate(TerminateMode.FAST);
    assertThat(result.response().lsn()).isNotNull();
    assertThat(node.awaitExit(Duration.ofSeconds(30))).get()
        .extracting(ExitOutcome::code).isEqualTo(0);
    assertThat(node.terminate(TerminateMode.FAST).alreadyTerminated()).isTrue();
  }

  @Test
  void terminateFromEmptyAnswersAtOnce() throws Exception {
    node = builder().build();
    node.start();
    assertThat(node.status()).isEqualTo(ComputeStatus.EMPTY);
    TerminateResult result = node.terminate(TerminateMode.FAST);
    assertThat(result.response().lsn()).isNull();
    assertThat(node.awaitExit(Duration.ofSeconds(10))).get()
        .extracting(ExitOutcome::code).isEqualTo(0);
  }
}
