package dev.computectl.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.spec.SpecBuilder;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class ComputeExtensionIT {

  static SpecBuilder shop() {
    return SpecBuilder.spec().role("app", "app-pw").database("shop", "app");
  }

  @Test
  void parameterGetsARunningComputeWithTheNamedSpec(@WithCompute(spec = "shop") TestCompute compute)
      throws Exception {
    assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
    try (Connection c = compute.connect("shop", "app", "app-pw")) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  @Test
  void emptyComputeWaitsForConfigure(@WithCompute(empty = true) TestCompute compute) {
    assertThat(compute.awaitStatus(ComputeStatus.EMPTY, Duration.ofSeconds(30)))
        .isEqualTo(ComputeStatus.EMPTY);
  }

  @Nested
  class FieldInjection {

    @WithCompute TestCompute compute;

    @Test
    void fieldIsSetBeforeTheTest() {
      assertThat(compute).isNotNull();
      assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
    }
  }

  @Test
  void computeIsClosedWhenTheTestFails() {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FailingTest.class))
                .build(),
            listener);
    TestExecutionSummary summary = listener.getSummary();

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException()).hasMessage("deliberate");
    long pid = FailingTest.POSTMASTER.get();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }

  /** Run only through the launcher above (nested classes are not picked up by Failsafe). */
  static class FailingTest {
    // The only way to hand a value out of a test run by another launcher; one test writes it.
    static final AtomicReference<Long> POSTMASTER = new AtomicReference<>();

    @Test
    void fails(@WithCompute TestCompute compute) {
      POSTMASTER.set(compute.postmasterPid().orElseThrow());
      throw new AssertionError("deliberate");
    }
  }
}
