package dev.computectl.testkit.e2e;

import static dev.computectl.testkit.e2e.ScenarioSupport.linesSince;
import static dev.computectl.testkit.e2e.ScenarioSupport.metric;
import static dev.computectl.testkit.e2e.ScenarioSupport.roleExists;
import static dev.computectl.testkit.e2e.ScenarioSupport.show;
import static dev.computectl.testkit.e2e.ScenarioSupport.transitionsSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.ComputeStatusResponse;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.client.ComputeHttpException;
import dev.computectl.testkit.controlplane.ControlPlaneAnswer;
import dev.computectl.testkit.controlplane.FakeControlPlane;
import dev.computectl.testkit.controlplane.RecordedRequest;
import dev.computectl.testkit.spec.ConfigBuilder;
import dev.computectl.testkit.spec.SpecBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #7, "refresh configuration": a running compute is told its pageserver moved. The new
 * connstring comes from the control plane or from the re-read config file, goes through {@code
 * refresh_configuration_pending -> refresh_configuration -> running}, reaches Postgres (SHOW), and
 * no {@code /configure} is involved. One control-plane compute and one config-file compute serve
 * all tests; each test leaves its compute {@code running}.
 */
class ScenarioRefreshIT {

  private static final String PAGESERVER_GUC = "neon.pageserver_connstring";
  private static final String REFRESH_REQUESTS = "pg_cctl_pagestream_request_errors_total";
  private static final String SUSPECTS =
      "compute node suspects its configuration is out of date, now refreshing configuration";
  private static final List<String> REFRESH_PATH =
      List.of(
          "running -> refresh_configuration_pending",
          "refresh_configuration_pending -> refresh_configuration",
          "refresh_configuration -> running");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static FakeControlPlane plane;
  private static TestCompute viaPlane;
  private static TestCompute viaFile;
  /** The spec document both computes started from (a fixed tenant and timeline). */
  private static SpecBuilder base;

  @BeforeAll
  static void startComputes() {
    base = withPageserver(SpecBuilder.spec().role("app", "app-pw"), "A");
    plane = FakeControlPlane.start();
    viaPlane = TestCompute.builder().controlPlane(plane).spec(base).failpoints().start();
    viaFile = TestCompute.builder().configFile().spec(base).start();
    viaPlane.awaitRunning();
    viaFile.awaitRunning();
  }

  @AfterAll
  static void stopComputes() {
    for (AutoCloseable c : new AutoCloseable[] {viaPlane, viaFile, plane}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // close the others anyway
      }
    }
  }

  /** A copy of the base spec pointing at pageserver {@code host}, as a setting and a field. */
  private static SpecBuilder withPageserver(SpecBuilder spec, String host) {
    String connstring = connstring(host);
    return SpecBuilder.from(spec.toJsonNode())
        .pageserverConnstring(connstring)
        .setting(PAGESERVER_GUC, connstring, "string");
  }

  private static String connstring(String host) {
    return "postgresql://no_user@ps-" + host + ":6400";
  }

  private static String freshHost() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void controlPlaneRefreshMovesThePageserverWithoutAConfigure() throws Exception {
    assertThat(show(viaPlane, PAGESERVER_GUC)).startsWith("postgresql://no_user@ps-");
    String host = freshHost();
    plane.answer(
        viaPlane.computeId(),
        ControlPlaneAnswer.attached(withPageserver(base, host), viaPlane.keys()));
    int mark = viaPlane.logLines().size();
    int requestsBefore = plane.requests().size();
    double refreshesBefore = metric(viaPlane, REFRESH_REQUESTS);

    viaPlane.client().refreshConfiguration();
    viaPlane.awaitStatus(ComputeStatus.RUNNING, WAIT);

    assertThat(show(viaPlane, PAGESERVER_GUC)).isEqualTo(connstring(host));
    awaitRefreshPath(viaPlane, mark);
    assertThat(metric(viaPlane, REFRESH_REQUESTS)).isEqualTo(refreshesBefore + 1);
    List<RecordedRequest> fetches = plane.requests().subList(requestsBefore, plane.requests().size());
    assertThat(fetches)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("GET");
              assertThat(r.path())
                  .isEqualTo("/compute/api/v2/computes/" + viaPlane.computeId() + "/spec");
            });
    assertNoConfigure(viaPlane, mark);
  }

  @Test
  void configFileRefreshMovesThePageserverWithoutAConfigure() throws Exception {
    String host = freshHost();
    Files.writeString(
        viaFile.configFile().orElseThrow(),
        ConfigBuilder.config().spec(withPageserver(base, host)).jwks(viaFile.keys()).toConfigJson());
    int mark = viaFile.logLines().size();
    double refreshesBefore = metric(viaFile, REFRESH_REQUESTS);

    viaFile.client().refreshConfiguration();
    viaFile.awaitStatus(ComputeStatus.RUNNING, WAIT);

    assertThat(show(viaFile, PAGESERVER_GUC)).isEqualTo(connstring(host));
    awaitRefreshPath(viaFile, mark);
    assertThat(metric(viaFile, REFRESH_REQUESTS)).isEqualTo(refreshesBefore + 1);
    assertNoConfigure(viaFile, mark);
  }

  @Test
  void refreshWaitsOutAControlPlaneOutageAndRecoversByItself() throws Exception {
    String id = viaPlane.computeId();
    String before = show(viaPlane, PAGESERVER_GUC);
    plane.answer(id, ControlPlaneAnswer.error(503));
    int requestsBefore = plane.requestCount(id);
    double refreshesBefore = metric(viaPlane, REFRESH_REQUESTS);

    viaPlane.client().refreshConfiguration();

    // Two whole refresh attempts (3 fetches each) failed: the compute waits, it does not give up.
    await()
        .atMost(WAIT)
        .until(() -> plane.requestCount(id) >= requestsBefore + 6);
    ComputeStatusResponse waiting =
        await()
            .atMost(WAIT)
            .until(
                () -> viaPlane.client().status(),
                s -> s.status() == ComputeStatus.REFRESH_CONFIGURATION_PENDING);
    assertThat(waiting.error()).contains("refresh configuration failed").contains("503");
    assertThat(show(viaPlane, PAGESERVER_GUC)).isEqualTo(before);

    String host = freshHost();
    plane.answer(id, ControlPlaneAnswer.attached(withPageserver(base, host), viaPlane.keys()));
    viaPlane.awaitStatus(ComputeStatus.RUNNING, WAIT);

    assertThat(show(viaPlane, PAGESERVER_GUC)).isEqualTo(connstring(host));
    assertThat(viaPlane.client().status().error()).isNull();
    assertThat(metric(viaPlane, REFRESH_REQUESTS)).isEqualTo(refreshesBefore + 1);
  }

  @Test
  void refreshHealsAComputeThatFailedAConfigure() throws Exception {
    String id = viaPlane.computeId();
    viaPlane.client().failpoint("before-apply", "return(boom before apply)");
    SpecBuilder doomed = SpecBuilder.from(base.toJsonNode()).role("doomed", "pw");
    try {
      assertThatThrownBy(() -> viaPlane.configure(doomed))
          .isInstanceOfSatisfying(
              ComputeHttpException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(500);
                assertThat(e.error()).contains("boom before apply");
              });
    } finally {
      viaPlane.client().failpoint("before-apply", "off");
    }
    ComputeStatusResponse failed = viaPlane.client().status();
    assertThat(failed.status()).isEqualTo(ComputeStatus.FAILED);
    assertThat(failed.error()).contains("boom before apply");
    // A /configure would heal it too (issue #17, ScenarioHostileRequestsIT); here a refresh does.

    String host = freshHost();
    SpecBuilder healed = withPageserver(base, host).role("healed", "pw");
    plane.answer(id, ControlPlaneAnswer.attached(healed, viaPlane.keys()));
    int mark = viaPlane.logLines().size();
    viaPlane.client().refreshConfiguration();
    viaPlane.awaitStatus(ComputeStatus.RUNNING, WAIT);

    assertThat(viaPlane.client().status().error()).isNull();
    assertThat(transitionsSince(viaPlane, mark))
        .startsWith("failed -> refresh_configuration_pending")
        .endsWith("refresh_configuration -> running");
    assertThat(show(viaPlane, PAGESERVER_GUC)).isEqualTo(connstring(host));
    assertThat(roleExists(viaPlane, "healed")).isTrue();
    assertThat(roleExists(viaPlane, "doomed")).isFalse();
  }

  /** The three refresh transitions, in order, and the log line announcing the refresh. */
  private static void awaitRefreshPath(TestCompute compute, int mark) {
    // The last line is logged just after the status changed; give the appender a moment.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(transitionsSince(compute, mark)).containsExactlyElementsOf(REFRESH_PATH));
    assertThat(linesSince(compute, mark)).anyMatch(line -> line.contains(SUSPECTS));
  }

  /** Neither the HTTP request log nor the state machine saw a configure since {@code mark}. */
  private static void assertNoConfigure(TestCompute compute, int mark) {
    assertThat(linesSince(compute, mark))
        .isNotEmpty()
        .noneMatch(line -> line.contains("/configure"))
        .noneMatch(line -> line.endsWith(": reconfigured"));
    assertThat(transitionsSince(compute, mark))
        .flatMap(t -> List.of(t.split(" -> ")))
        .doesNotContain("configuration_pending", "configuration");
  }
}
