package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.controlplane.ControlPlaneAnswer;
import dev.computectl.testkit.controlplane.FakeControlPlane;
import dev.computectl.testkit.spec.SpecBuilder;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The control-plane example of compute-testkit/README.md, kept compiling and passing here. */
class ReadmeExampleIT {

  @Test
  void refreshPicksUpTheControlPlanesNewSpec() throws Exception {
    SpecBuilder spec = SpecBuilder.spec().role("app", "pw").database("shop", "app");
    try (FakeControlPlane plane = FakeControlPlane.start();
        TestCompute compute =
            TestCompute.builder().controlPlane(plane).spec(spec).start().awaitRunning()) {
      // The control plane now wants another role and points at another pageserver.
      spec.role("bob", "pw2").pageserverConnstring("postgresql://no_user@ps-2:6400");
      plane.answer(compute.computeId(), ControlPlaneAnswer.attached(spec, compute.keys()));

      compute.client().refreshConfiguration();
      compute.awaitStatus(ComputeStatus.RUNNING, Duration.ofSeconds(60));

      try (Connection bob = compute.connect("shop", "bob", "pw2")) {
        assertThat(bob.isValid(5)).isTrue();
      }
      assertThat(plane.requests(compute.computeId())).hasSize(2);
    }
  }
}
