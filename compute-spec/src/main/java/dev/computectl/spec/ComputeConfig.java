package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.internal.Checks;

/**
 * What {@code --config} files hold: an optional spec (absent means the compute waits for {@code
 * /configure}) and compute_ctl's own settings.
 */
public record ComputeConfig(
    @JsonProperty("spec") ComputeSpec spec,
    @JsonProperty(value = "compute_ctl_config", required = true) ComputeCtlConfig computeCtlConfig) {

  @JsonCreator
  public ComputeConfig {
    Checks.required(computeCtlConfig, "compute_ctl_config");
  }
}
