package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.internal.Checks;

/** Body of {@code POST /configure}: both keys are required. */
public record ConfigurationRequest(
    @JsonProperty(value = "spec", required = true) ComputeSpec spec,
    @JsonProperty(value = "compute_ctl_config", required = true) ComputeCtlConfig computeCtlConfig) {

  @JsonCreator
  public ConfigurationRequest {
    Checks.required(spec, "spec");
    Checks.required(computeCtlConfig, "compute_ctl_config");
  }
}
