package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether the control plane has attached a tenant to the compute yet. */
public enum ControlPlaneComputeStatus {
  @JsonProperty("empty")
  EMPTY,
  @JsonProperty("attached")
  ATTACHED
}
