package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.internal.Checks;

/** The control plane's answer to {@code GET /compute/api/v2/computes/{id}/spec}. */
public record ControlPlaneConfigResponse(
    @JsonProperty("spec") ComputeSpec spec,
    @JsonProperty(value = "status", required = true) ControlPlaneComputeStatus status,
    @JsonProperty(value = "compute_ctl_config", required = true) ComputeCtlConfig computeCtlConfig) {

  @JsonCreator
  public ControlPlaneConfigResponse {
    Checks.required(status, "status");
    Checks.required(computeCtlConfig, "compute_ctl_config");
    if (status == ControlPlaneComputeStatus.ATTACHED && spec == null) {
      throw new Checks.FieldException("spec", "must be set when status is attached");
    }
  }

  public ComputeConfig toComputeConfig() {
    return new ComputeConfig(spec, computeCtlConfig);
  }
}
