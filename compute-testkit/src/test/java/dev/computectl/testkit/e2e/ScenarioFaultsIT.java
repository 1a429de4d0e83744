package dev.computectl.testkit.e2e;

import static dev.computectl.testkit.e2e.ScenarioSupport.configureRaw;
import static dev.computectl.testkit.e2e.ScenarioSupport.databaseExists;
import static dev.computectl.testkit.e2e.ScenarioSupport.kill9;
import static dev.computectl.testkit.e2e.ScenarioSupport.roleExists;
import static dev.computectl.testkit.e2e.ScenarioSupport.show;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.api.ComputeStatusResponse;
import dev.computectl.spec.api.TerminateResponse;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.client.ComputeHttpException;
import dev.computectl.testkit.client.RawResponse;
import dev.computectl.testkit.controlplane.ControlPlaneAnswer;
import dev.computectl.testkit.controlplane.FakeControlPlane;
import dev.computectl.testkit.spec.ConfigBuilder;
import dev.computectl.testkit.spec.SpecBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #7, faults: a postmaster killed with SIGKILL (running and mid-configure), a failpoint in
 * the middle of an apply and the way back from {@code failed}, {@code /terminate} from every
 * status a client can reach, and 100 concurrent {@code /configure} calls. The failpoint and
 * concurrency tests share one config-file compute and leave it {@code running}; the tests that end
 * a compute get their own.
 */
class ScenarioFaultsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(10);

  private static TestCompute shared;

  @BeforeAll
  static void startShared() {
    shared = TestCompute.builder().configFile().failpoints().spec(shop()).start().awaitRunning();
  }

  @AfterAll
  static void stopShared() {
    if (shared != null) {
      shared.close();
    }
  }

  private static SpecBuilder shop() {
    return SpecBuilder.spec().role("app", "app-pw").database("shop", "app");
  }

  /** For the computes a test ends: no database to create. */
  private static SpecBuilder bare() {
    return SpecBuilder.spec().role("app", "app-pw");
  }

  private static RawResponse terminate(TestCompute compute) {
    return compute.client().external("POST", "/terminate?mode=fast", null);
  }

  /** A fast terminate answers 200; the compute is terminated; a second one answers 201. */
  /**
   * Starts a configure that the {@code before-reload} failpoint holds for 1.5 s, and returns once
   * the compute is in {@code configuration}: whatever the test does next lands inside it.
   */
  private static CompletableFuture<RawResponse> configureHeldBeforeReload(TestCompute compute) {
    compute.client().failpoint("before-reload", "sleep(1500)");
    CompletableFuture<RawResponse> configure =
        CompletableFuture.supplyAsync(() -> configureRaw(compute, bare().role("late", "pw")));
    await().atMost(WAIT).pollInterval(POLL)
        .until(compute::status, s -> s == ComputeStatus.CONFIGURATION);
    return configure;
  }

  private static void assertTerminates(TestCompute compute) {
    RawResponse first = terminate(compute);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(compute.status()).isEqualTo(ComputeStatus.TERMINATED);
    RawResponse again = terminate(compute);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
  }

  // ---- postmaster killed ---------------------------------------------------------------------

  @Test
  void killedPostmasterWhileRunningFailsTheComputeAndTerminateStillWorks() throws Exception {
    try (TestCompute compute = TestCompute.builder().spec(bare()).start().awaitRunning()) {
      kill9(compute.postmasterPid().orElseThrow());

      // Not TestCompute.awaitStatus: it gives up as soon as the lifecycle has ended, which a
      // killed postmaster does on purpose.
      await().atMost(WAIT).pollInterval(POLL)
          .until(compute::status, s -> s == ComputeStatus.FAILED);
      assertThat(await().atMost(WAIT).until(compute::exitCode, Optional::isPresent)).contains(1);
      ComputeStatusResponse failed = compute.client().status();
      assertThat(failed.status()).isEqualTo(ComputeStatus.FAILED);
      assertThat(failed.error()).contains("postgres exited unexpectedly").contains("SIGKILL");
      assertThat(compute.client().readiness()).isFalse();

      assertTerminates(compute);
      assertThat(SpecJson.read(terminate(compute).body(), TerminateResponse.class).lsn()).isNull();
    }
  }

  @Test
  void killedPostmasterDuringAConfigureFailsTheComputeAndTheConfigure() throws Exception {
    try (TestCompute compute =
        TestCompute.builder().failpoints().spec(bare()).start().awaitRunning()) {
      long postmaster = compute.postmasterPid().orElseThrow();
      // Between writing postgresql.conf and the reload: the kill lands inside the configure.
      CompletableFuture<RawResponse> configure = configureHeldBeforeReload(compute);
      int mark = compute.logLines().size();

      kill9(postmaster);

      RawResponse answer = configure.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
      assertThat(answer.body()).contains("SIGKILL");
      assertThat(compute.status()).isEqualTo(ComputeStatus.FAILED);
      assertThat(compute.client().status().error()).contains("SIGKILL");
      assertThat(ScenarioSupport.transitionsSince(compute, mark))
          .containsExactly("configuration -> failed");
      assertTerminates(compute);
    }
  }

  // ---- a failpoint in the middle of an apply --------------------------------------------------

  @Test
  void applyFailingMidwayFailsTheComputeAndARefreshRecoversIt() throws Exception {
    SpecBuilder wanted = shop().role("half", "pw").database("halfdb", "half");
    shared.client().failpoint("during-phase", "fail_on(CreateAndAlterDatabases)");
    try {
      assertThatThrownBy(() -> shared.configure(wanted))
          .isInstanceOfSatisfying(
              ComputeHttpException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(500);
                assertThat(e.error()).contains("CreateAndAlterDatabases");
              });
    } finally {
      shared.client().failpoint("during-phase", "off");
    }
    ComputeStatusResponse failed = shared.client().status();
    assertThat(failed.status()).isEqualTo(ComputeStatus.FAILED);
    assertThat(failed.error()).contains("CreateAndAlterDatabases");
    // The phases before the failpoint ran, the ones after did not.
    assertThat(roleExists(shared, "half")).isTrue();
    assertThat(databaseExists(shared, "halfdb")).isFalse();

    // A /configure would heal it too (issue #17, ScenarioHostileRequestsIT); here a refresh does.
    Files.writeString(
        shared.configFile().orElseThrow(),
        ConfigBuilder.config().spec(wanted).jwks(shared.keys()).toConfigJson());
    shared.client().refreshConfiguration();
    shared.awaitStatus(ComputeStatus.RUNNING, WAIT);

    assertThat(shared.client().status().error()).isNull();
    assertThat(databaseExists(shared, "halfdb")).isTrue();
    assertThat(ScenarioSupport.scalar(shared, "halfdb", "SELECT current_database()"))
        .isEqualTo("halfdb");
  }

  // ---- terminate from every reachable status --------------------------------------------------

  @Test
  void terminateFromEmpty() throws Exception {
    try (TestCompute compute = TestCompute.builder().start()) {
      compute.awaitStatus(ComputeStatus.EMPTY, WAIT);

      assertTerminates(compute);
      assertThat(SpecJson.read(terminate(compute).body(), TerminateResponse.class).lsn()).isNull();
      assertThat(compute.postmasterPid()).isEmpty();
    }
  }

  @Test
  void terminateDuringADelayedConfigureAnswersBoth() throws Exception {
    try (TestCompute compute =
        TestCompute.builder().failpoints().spec(bare()).start().awaitRunning()) {
      long postmaster = compute.postmasterPid().orElseThrow();
      // Between writing postgresql.conf and the reload: the terminate lands inside the configure.
      CompletableFuture<RawResponse> configure = configureHeldBeforeReload(compute);
      int mark = compute.logLines().size();

      assertTerminates(compute);

      RawResponse answer = configure.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(412);
      assertThat(ScenarioSupport.transitionsSince(compute, mark))
          .containsExactly(
              "configuration -> termination_pending_fast",
              "termination_pending_fast -> terminated");
      assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }
  }

  @Test
  void terminateWhileARefreshIsPending() {
    try (FakeControlPlane plane = FakeControlPlane.start();
        TestCompute compute =
            TestCompute.builder().controlPlane(plane).spec(bare()).start().awaitRunning()) {
      String id = compute.computeId();
      plane.answer(id, ControlPlaneAnswer.error(503));
      int requestsBefore = plane.requestCount(id);
      compute.client().refreshConfiguration();
      // After the second failed attempt (3 fetches each) the next one is a second away.
      await().atMost(WAIT).pollInterval(POLL)
          .until(() -> plane.requestCount(id) >= requestsBefore + 6);
      ComputeStatusResponse pending =
          await().atMost(WAIT).pollInterval(POLL)
              .until(
                  () -> compute.client().status(),
                  s -> s.status() == ComputeStatus.REFRESH_CONFIGURATION_PENDING);
      assertThat(pending.error()).contains("503");
      int mark = compute.logLines().size();

      assertTerminates(compute);

      assertThat(ScenarioSupport.transitionsSince(compute, mark))
          .startsWith("refresh_configuration_pending -> termination_pending_fast")
          .endsWith("termination_pending_fast -> terminated");
    }
  }

  // ---- concurrency ----------------------------------------------------------------------------

  /**
   * 100 callers send {@code /configure} at once; every rejected caller tries again in the next
   * round, all together again. A round ends when every call of it was answered, so each round
   * starts in {@code running} and at least one call per round is accepted.
   */
  @Test
  void hundredConcurrentConfiguresAreTakenOneAtATime() throws Exception {
    int callers = 100;
    int rounds = 3;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    int mark = shared.logLines().size();
    List<Answer> answers = new ArrayList<>();
    List<Integer> waiting = new ArrayList<>();
    for (int n = 0; n < callers; n++) {
      waiting.add(n);
    }
    try {
      for (int round = 0; round < rounds; round++) {
        List<Answer> answered = configureAtOnce(pool, waiting);
        answers.addAll(answered);
        assertThat(answered).as("round " + round).anyMatch(a -> a.status() == 200);
        waiting.removeIf(n -> answered.stream().anyMatch(a -> a.n() == n && a.status() == 200));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isIn(200, 412, 503));
    assertThat(answers.stream().filter(a -> a.status() == 412))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.body()).contains("configuration"));
    List<Answer> accepted = answers.stream().filter(a -> a.status() == 200).toList();
    assertThat(shared.status()).isEqualTo(ComputeStatus.RUNNING);
    // One at a time: each accepted call is one whole cycle in the log, and nothing else moved.
    List<String> cycle =
        List.of(
            "running -> configuration_pending",
            "configuration_pending -> configuration",
            "configuration -> running");
    List<String> expected = new ArrayList<>();
    accepted.forEach(a -> expected.addAll(cycle));
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(ScenarioSupport.transitionsSince(shared, mark))
                    .containsExactlyElementsOf(expected));
    // Roles are never dropped implicitly, so the burst roles present are exactly the accepted ones.
    for (int n = 0; n < callers; n++) {
      int caller = n;
      boolean wasAccepted = accepted.stream().anyMatch(a -> a.n() == caller);
      assertThat(roleExists(shared, "burst_" + n)).as("burst_" + n).isEqualTo(wasAccepted);
    }
    // The last accepted spec is the one in force.
    Answer last =
        accepted.stream().max((x, y) -> Long.compare(x.receivedNanos(), y.receivedNanos()))
            .orElseThrow();
    assertThat(show(shared, "work_mem")).isEqualTo(workMem(last.n()));
  }

  /** One round: every caller in {@code callers} sends its configure at the same moment. */
  private static List<Answer> configureAtOnce(ExecutorService pool, List<Integer> callers)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Answer>> futures = new ArrayList<>();
    for (int n : callers) {
      SpecBuilder spec = shop().role("burst_" + n, "pw").setting("work_mem", workMem(n), "string");
      futures.add(
          pool.submit(
              () -> {
                go.await();
                RawResponse r = configureRaw(shared, spec);
                return new Answer(n, r.statusCode(), r.body(), System.nanoTime());
              }));
    }
    go.countDown();
    List<Answer> answers = new ArrayList<>();
    for (Future<Answer> f : futures) {
      answers.add(f.get(60, TimeUnit.SECONDS)); // a deadlock fails here
    }
    return answers;
  }

  private static String workMem(int caller) {
    return (100 + caller) + "kB";
  }

  private record Answer(int n, int status, String body, long receivedNanos) {}
}
