package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.client.ComputeHttpException;
import dev.computectl.testkit.controlplane.ControlPlaneAnswer;
import dev.computectl.testkit.controlplane.FakeControlPlane;
import dev.computectl.testkit.jwt.TestJwts;
import dev.computectl.testkit.spec.SpecBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Scripted control-plane answers and failpoints driving a real compute. */
class ControlPlaneScenariosIT {

  private static SpecBuilder shop() {
    return SpecBuilder.spec().role("app", "app-pw").database("shop", "app");
  }

  @Test
  void startupFetchRetriesUnavailableControlPlane() {
    TestJwts keys = TestJwts.ed25519();
    try (FakeControlPlane plane = FakeControlPlane.start()) {
      plane.script(
          "retry-me",
          ControlPlaneAnswer.error(503),
          ControlPlaneAnswer.error(503),
          ControlPlaneAnswer.attached(shop(), keys));
      try (TestCompute compute =
          TestCompute.builder().computeId("retry-me").controlPlane(plane).keys(keys).start()) {
        compute.awaitRunning();

        assertThat(plane.requestCount("retry-me")).isEqualTo(3);
      }
    }
  }

  @Test
  void emptyControlPlaneAnswerLeavesTheComputeEmpty() {
    TestJwts keys = TestJwts.ed25519();
    try (FakeControlPlane plane = FakeControlPlane.start()) {
      plane.answer("pooled", ControlPlaneAnswer.empty(keys));
      try (TestCompute compute =
          TestCompute.builder().computeId("pooled").controlPlane(plane).keys(keys).start()) {
        assertThat(compute.awaitStatus(ComputeStatus.EMPTY, Duration.ofSeconds(30)))
            .isEqualTo(ComputeStatus.EMPTY);

        compute.configure(shop());

        assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
      }
    }
  }

  @Test
  void armedFailpointFailsTheConfigure() {
    try (TestCompute compute = TestCompute.builder().failpoints().start()) {
      compute.awaitStatus(ComputeStatus.EMPTY, Duration.ofSeconds(30));
      compute.client().failpoint("before-apply", "return(boom)");

      assertThatThrownBy(() -> compute.configure(shop()))
          .isInstanceOfSatisfying(
              ComputeHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
      assertThat(compute.status()).isEqualTo(ComputeStatus.FAILED);
    }
  }
}
