package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.WorkDirs;
import dev.computectl.testkit.client.ComputeHttpException;
import dev.computectl.testkit.controlplane.FakeControlPlane;
import dev.computectl.testkit.controlplane.RecordedRequest;
import dev.computectl.testkit.spec.Passwords;
import dev.computectl.testkit.spec.SpecBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The harness end to end against a real Postgres: embedded, control plane and subprocess. */
class TestComputeIT {

  private static SpecBuilder shop() {
    return SpecBuilder.spec().role("app", "app-pw").database("shop", "app");
  }

  @Test
  void embeddedComputeRunsTheSpecAndStopsPostgresOnClose() throws Exception {
    long pid;
    Path pgdata;
    try (TestCompute compute = TestCompute.builder().spec(shop()).start().awaitRunning()) {
      assertThat(compute.embedded()).isTrue();
      assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
      assertThat(compute.client().status().status()).isEqualTo(ComputeStatus.RUNNING);
      assertThat(compute.client().readiness()).isTrue();
      try (Connection c = compute.connect("shop", "app", "app-pw")) {
        assertThat(scalar(c, "select current_user")).isEqualTo("app");
      }
      try (Connection c = compute.connect("postgres")) {
        String owner = "select datdba::regrole::text from pg_database where datname = 'shop'";
        assertThat(scalar(c, owner)).isEqualTo("app");
      }
      assertThat(compute.logLines()).anyMatch(line -> line.contains("-> running"));
      assertThat(compute.logLines())
          .noneMatch(
              line -> line.contains("app-pw") || line.contains(Passwords.md5("app-pw", "app")));
      pid = compute.postmasterPid().orElseThrow();
      pgdata = compute.pgdata();
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    assertThat(Files.exists(pgdata)).isFalse();
    assertThat(pgdata).startsWithRaw(WorkDirs.root());
  }

  @Test
  void tokenRulesApplyToTheExternalServer() throws Exception {
    try (TestCompute compute = TestCompute.builder().spec(shop()).start().awaitRunning()) {
      var anonymous = compute.client().withToken(null);
      var wrongCompute = compute.client().withToken(compute.keys().computeToken("someone-else"));
      var ownCompute = compute.client().withToken(compute.keys().computeToken(compute.computeId()));

      assertThatThrownBy(anonymous::status)
          .isInstanceOfSatisfying(
              ComputeHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
      assertThatThrownBy(wrongCompute::status)
          .isInstanceOfSatisfying(
              ComputeHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
      assertThat(ownCompute.status().status()).isEqualTo(ComputeStatus.RUNNING);
    }
  }

  @Test
  void emptyComputeIsConfiguredOverHttp() throws Exception {
    try (TestCompute compute = TestCompute.builder().start()) {
      compute.awaitStatus(ComputeStatus.EMPTY, Duration.ofSeconds(30));

      compute.configure(shop());

      assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
      try (Connection c = compute.connect("shop", "app", "app-pw")) {
        assertThat(scalar(c, "select current_database()")).isEqualTo("shop");
      }
      // The compute adopted the configure's key set: it must still be the harness's key.
      assertThat(compute.client().status().status()).isEqualTo(ComputeStatus.RUNNING);
      compute.client().configure(shop().role("bob", "bob-pw").build());
      assertThat(compute.client().status().status()).isEqualTo(ComputeStatus.RUNNING);
    }
  }

  @Test
  void aReconfigureKeepingTheDatabasesReadsNoneOfThem() throws Exception {
    SpecBuilder spec = shop().database("books", "app").database("notes", "app");
    try (TestCompute compute = TestCompute.builder().spec(spec).start().awaitRunning()) {
      compute.configure(spec.role("bob", "bob-pw"));

      assertThat(compute.logLines()).anyMatch(line -> line.contains(
          "read facts of 0 of 3 spec databases") && line.contains("(3 settled by earlier applies)"));
      try (Connection c = compute.connect("books", "bob", "bob-pw")) {
        assertThat(scalar(c, "select current_user")).isEqualTo("bob");
      }
    }
  }

  @Test
  void computeFetchesItsSpecFromTheFakeControlPlane() throws Exception {
    try (FakeControlPlane plane = FakeControlPlane.start();
        TestCompute compute =
            TestCompute.builder()
                .controlPlane(plane)
                .controlPlaneToken("cp-secret")
                .spec(shop())
                .start()
                .awaitRunning()) {
      RecordedRequest fetch = plane.requests(compute.computeId()).get(0);

      assertThat(fetch.method()).isEqualTo("GET");
      assertThat(fetch.authorization()).contains("Bearer cp-secret");
      try (Connection c = compute.connect("shop", "app", "app-pw")) {
        assertThat(scalar(c, "select 1")).isEqualTo("1");
      }
      // The startup fetch and the node's own refreshes count in the compute's /metrics.
      assertThat(controlPlaneRequests(compute)).isEqualTo(1.0);
      compute.client().refreshConfiguration();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> controlPlaneRequests(compute) == 2.0);
      assertThat(plane.requests(compute.computeId())).hasSize(2);
    }
  }

  /** The sum of {@code compute_ctl_cplane_requests_total} over its labels, from /metrics. */
  private static double controlPlaneRequests(TestCompute compute) {
    return compute.client().metrics().lines()
        .filter(line -> line.startsWith("compute_ctl_cplane_requests_total{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void subprocessComputeRunsTheLauncherJar() throws Exception {
    long pid;
    try (TestCompute compute =
        TestCompute.builder().subprocess().spec(shop()).start().awaitRunning()) {
      assertThat(compute.embedded()).isFalse();
      try (Connection c = compute.connect("shop", "app", "app-pw")) {
        assertThat(scalar(c, "select current_user")).isEqualTo("app");
      }
      assertThat(compute.logLines()).isNotEmpty();
      assertThatThrownBy(() -> compute.client().failpoint("before-apply", "return(boom)"))
          .isInstanceOfSatisfying(
              ComputeHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(412));
      pid = compute.postmasterPid().orElseThrow();
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }

  @Test
  void aSubprocessComputeWithFailpointsFailsWhereTheTestSays() throws Exception {
    try (TestCompute compute =
        TestCompute.builder().subprocess().failpoints().spec(shop()).start().awaitRunning()) {
      compute.client().failpoint("during-phase", "fail_on(CreateAndAlterDatabases)");

      assertThatThrownBy(() -> compute.configure(shop().database("more", "app")))
          .isInstanceOfSatisfying(ComputeHttpException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(500);
            assertThat(e.error()).contains("CreateAndAlterDatabases");
          });
      assertThat(compute.client().status().status()).isEqualTo(ComputeStatus.FAILED);
      assertThat(compute.logLines()).anyMatch(line -> line.contains("failpoints are enabled"));
    }
  }

  @Test
  void closeStopsPostgresEvenAfterCompute_ctlWasKilled() throws Exception {
    TestCompute compute = TestCompute.builder().subprocess().spec(shop()).start().awaitRunning();
    long postmaster = compute.postmasterPid().orElseThrow();
    ProcessHandle launcher =
        ProcessHandle.of(postmaster).flatMap(ProcessHandle::parent).orElseThrow();
    launcher.destroyForcibly();
    launcher.onExit().get();

    compute.close();

    assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive))
        .isNotEqualTo(Optional.of(true));
  }

  @Test
  void builderRejectsAnInvalidSpecBeforeStartingAnything() {
    SpecBuilder broken = shop().database("other", "no_such_owner");

    assertThatThrownBy(() -> TestCompute.builder().spec(broken).start())
        .hasMessageContaining("no_such_owner");
  }

  @Test
  void failedStartIsReportedWithTheError() {
    SpecBuilder broken = shop().setting("max_connections", "-5", "integer");
    try (TestCompute compute = TestCompute.builder().spec(broken).start()) {
      assertThatThrownBy(compute::awaitRunning)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("did not reach running")
          .hasMessageContaining("failed");
      assertThat(compute.status()).isEqualTo(ComputeStatus.FAILED);
    }
  }

  @Test
  void failedIsReachedEvenAfterCompute_ctlExited() {
    SpecBuilder broken = shop().setting("max_connections", "-5", "integer");
    try (TestCompute compute = TestCompute.builder().spec(broken).start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> compute.exitCode().isPresent());

      assertThat(compute.awaitStatus(ComputeStatus.FAILED, Duration.ofSeconds(10)))
          .isEqualTo(ComputeStatus.FAILED);
      assertThatThrownBy(() -> compute.awaitStatus(ComputeStatus.RUNNING, Duration.ofSeconds(10)))
          .hasMessageContaining("exited with code");
    }
  }

  @Test
  void harnessComputesRunWithoutFsyncUnlessDurableOrTheSpecSaysSo() throws Exception {
    try (TestCompute fast = TestCompute.builder().spec(shop()).start();
        TestCompute durable = TestCompute.builder().durable().spec(shop()).start()) {
      fast.awaitRunning();
      durable.awaitRunning();
      assertThat(show(fast, "fsync")).isEqualTo("off");
      assertThat(show(durable, "fsync")).isEqualTo("on");

      fast.configure(shop().role("bob", "bob-pw"));
      assertThat(show(fast, "fsync")).isEqualTo("off");

      fast.configure(shop().setting("fsync", "on", "bool"));
      await().atMost(Duration.ofSeconds(30)).until(() -> show(fast, "fsync").equals("on"));
    }
  }

  private static String show(TestCompute compute, String guc) throws SQLException {
    try (Connection c = compute.connect("postgres")) {
      return scalar(c, "SHOW " + guc);
    }
  }

  private static String scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
