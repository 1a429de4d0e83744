package dev.computectl.testkit.e2e;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.api.ComputeStatusResponse;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.spec.SpecBuilder;

/**
 * {@code /configure} that keeps the compute's key set. Our compute takes {@code compute_ctl_config}
 * from the request (D14), so a request with an empty key set (what {@code TestCompute.configure}
 * sends) would leave the external server trusting no token at all.
 */
final class ScenarioRequests {

  private ScenarioRequests() {}

  static ComputeStatusResponse configure(TestCompute compute, SpecBuilder spec) {
    return configure(compute, spec.build());
  }

  static ComputeStatusResponse configure(TestCompute compute, ComputeSpec spec) {
    return compute.client().configure(new ConfigurationRequest(spec, compute.keys().ctlConfig()));
  }
}
