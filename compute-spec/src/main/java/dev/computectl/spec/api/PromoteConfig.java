package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.internal.Checks;

/**
 * Body of {@code POST /promote}: the spec the replica runs as a Primary once promoted, and the
 * primary's last flushed LSN, which the replica must have replayed before it takes over.
 */
public record PromoteConfig(
    @JsonProperty(value = "spec", required = true) ComputeSpec spec,
    @JsonProperty(value = "wal_flush_lsn", required = true) Lsn walFlushLsn) {

  @JsonCreator
  public PromoteConfig {
    Checks.required(spec, "spec");
    Checks.required(walFlushLsn, "wal_flush_lsn");
  }
}
