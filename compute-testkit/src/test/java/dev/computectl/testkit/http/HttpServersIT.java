package dev.computectl.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.Role;
import dev.computectl.spec.api.ComputeStatusResponse;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.TerminateMode;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.client.ComputeHttpClient;
import dev.computectl.testkit.client.ComputeHttpException;
import dev.computectl.testkit.client.RawResponse;
import dev.computectl.testkit.controlplane.ControlPlaneAnswer;
import dev.computectl.testkit.controlplane.FakeControlPlane;
import dev.computectl.testkit.jwt.TestJwts;
import dev.computectl.testkit.spec.SpecBuilder;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Both HTTP servers in front of one real compute, through its life (issue #5): configure from
 * {@code empty} over the external server with a compute token, the JWT rules, {@code /status}
 * answering while a configure is held, a refresh over the internal server, terminate. The steps
 * share the compute and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpServersIT {

  private static final String ID = "http-servers-it";

  private static TestJwts keys;
  private static FakeControlPlane plane;
  private static TestCompute compute;

  /** External server with a compute-scoped token (not the admin one). */
  private static ComputeHttpClient external;

  @BeforeAll
  static void startEmpty() {
    keys = TestJwts.ed25519();
    plane = FakeControlPlane.start();
    plane.answer(ID, ControlPlaneAnswer.empty(keys));
    compute =
        TestCompute.builder().computeId(ID).controlPlane(plane).keys(keys).failpoints().start();
    compute.awaitStatus(ComputeStatus.EMPTY, Duration.ofSeconds(30));
    external = compute.client().withToken(keys.computeToken(ID));
  }

  @AfterAll
  static void stop() {
    if (compute != null) {
      compute.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  @Order(1)
  void configureOverTheExternalServerReachesRunning() throws Exception {
    assertThat(external.readiness()).isFalse();

    ComputeStatusResponse answer = external.configure(request(shop()));

    assertThat(answer.status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(external.status().status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(external.readiness()).isTrue();
    // Started empty: the wait for this configure is Neon's wait_for_spec_ms.
    assertThat(external.metricsJson().waitForSpecMs()).isPositive();
    try (Connection app = compute.connect("shop", "app", "app-pw")) {
      assertThat(app.isValid(5)).isTrue();
    }
  }

  @Test
  @Order(2)
  void externalServerRefusesBadTokens() {
    TestJwts stranger = TestJwts.ed25519();
    ComputeHttpClient client = compute.client();

    assertStatus(() -> client.withToken(null).status(), 400);
    assertStatus(() -> client.withToken("not.a.jwt").status(), 401);
    assertStatus(() -> client.withToken(stranger.computeToken(ID)).status(), 401);
    assertStatus(() -> client.withToken(stranger.adminToken()).configure(request(shop())), 401);
    assertStatus(
        () -> client.withToken(keys.token().computeId(ID).expired().sign()).dbsAndRoles(), 401);
    assertStatus(() -> client.withToken(keys.token().adminScope().sign()).status(), 401);
    assertStatus(
        () -> client.withToken(keys.token().adminScope().audience("other").sign()).status(), 401);
    assertStatus(() -> client.withToken(keys.computeToken("another-compute")).status(), 403);
    assertStatus(() -> client.withToken(keys.token().sign()).status(), 403);
    // Refused configures changed nothing.
    assertThat(external.status().status()).isEqualTo(ComputeStatus.RUNNING);
  }

  @Test
  @Order(3)
  void openRoutesAndTheInternalServerNeedNoToken() {
    ComputeHttpClient anonymous = compute.client().withToken(null);

    assertThat(anonymous.liveness()).isTrue();
    assertThat(anonymous.metrics()).contains("compute_ctl_up");
    RawResponse internalStatus = anonymous.internal("GET", "/status", null);
    assertThat(internalStatus.statusCode()).isEqualTo(200);
    assertThat(internalStatus.body()).contains("\"running\"");
    // Only the internal server has the unauthenticated admin routes.
    assertThat(anonymous.external("POST", "/refresh_configuration", null).statusCode())
        .isEqualTo(404);
  }

  @Test
  @Order(4)
  void statusAnswersAtOnceWhileAConfigureIsHeld() throws Exception {
    compute.client().failpoint("before-apply", "delay(3000)");
    CompletableFuture<ComputeStatusResponse> configure =
        CompletableFuture.supplyAsync(() -> external.configure(request(shop().role("carol", "c"))));
    AtomicLong slowest = new AtomicLong();
    try {
      await("status configuration")
          .atMost(Duration.ofSeconds(3))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> timedStatus(slowest) == ComputeStatus.CONFIGURATION);
      // Several more answers while the configure is still held.
      for (int i = 0; i < 5; i++) {
        assertThat(timedStatus(slowest)).isEqualTo(ComputeStatus.CONFIGURATION);
      }
      assertThat(configure).as("the configure is still held").isNotDone();
      assertThat(Duration.ofNanos(slowest.get())).isLessThan(Duration.ofSeconds(1));
    } finally {
      compute.client().failpoint("before-apply", "off");
    }
    assertThat(configure.get(30, TimeUnit.SECONDS).status()).isEqualTo(ComputeStatus.RUNNING);
    try (Connection carol = compute.connect("shop", "carol", "c")) {
      assertThat(carol.isValid(5)).isTrue();
    }
  }

  @Test
  @Order(5)
  void refreshOverTheInternalServerAppliesTheControlPlanesSpec() throws Exception {
    int fetches = plane.requestCount(ID);
    plane.answer(ID, ControlPlaneAnswer.attached(shop().role("dave", "d"), keys));

    compute.client().withToken(null).refreshConfiguration();

    await("dave from the refreshed spec")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                compute.status() == ComputeStatus.RUNNING
                    && external.dbsAndRoles().roles().stream()
                        .map(Role::name)
                        .anyMatch("dave"::equals));
    assertThat(plane.requestCount(ID)).isEqualTo(fetches + 1);
    try (Connection dave = compute.connect("shop", "dave", "d")) {
      assertThat(dave.isValid(5)).isTrue();
    }
  }

  @Test
  @Order(6)
  void terminateOverTheExternalServerStopsPostgres() {
    long postmaster = compute.postmasterPid().orElseThrow();

    external.terminate(TerminateMode.FAST);

    assertThat(external.status().status()).isEqualTo(ComputeStatus.TERMINATED);
    assertThat(external.external("POST", "/terminate", null).statusCode()).isEqualTo(201);
    await("postmaster gone")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false));
    await("compute_ctl exit code")
        .atMost(Duration.ofSeconds(10))
        .until(() -> compute.exitCode().isPresent());
    assertThat(compute.exitCode()).isEqualTo(Optional.of(0));
  }

  private static SpecBuilder shop() {
    return SpecBuilder.spec()
        .setting("fsync", "off", "bool")
        .role("app", "app-pw")
        .database("shop", "app");
  }

  /** Keeps the key set: our compute takes {@code compute_ctl_config} from /configure. */
  private static ConfigurationRequest request(SpecBuilder spec) {
    return new ConfigurationRequest(spec.build(), keys.ctlConfig());
  }

  private static ComputeStatus timedStatus(AtomicLong slowest) {
    long start = System.nanoTime();
    ComputeStatus status = external.status().status();
    slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
    return status;
  }

  private static void assertStatus(ThrowingCallable call, int expected) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ComputeHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(expected));
  }
}
