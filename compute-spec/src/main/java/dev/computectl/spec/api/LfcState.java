package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Answer of {@code GET /lfc/prewarm} and {@code GET /lfc/offload}: Neon's {@code
 * LfcPrewarmState} and {@code LfcOffloadState}, tagged by {@code status}. Vanilla Postgres has no
 * local file cache, so a compute only ever reports the states Neon reports for a compute without
 * one: {@link #NOT_PREWARMED} / {@link #NOT_OFFLOADED} until asked, {@link #SKIPPED} after.
 */
public record LfcState(@JsonProperty("status") String status) {

  /** Nothing was asked yet (prewarm). */
  public static final LfcState NOT_PREWARMED = new LfcState("not_prewarmed");
  /** Nothing was asked yet (offload). */
  public static final LfcState NOT_OFFLOADED = new LfcState("not_offloaded");
  /** Asked, and there was no cache state to load or to save. */
  public static final LfcState SKIPPED = new LfcState("skipped");

  @JsonCreator
  public LfcState {
    Objects.requireNonNull(status, "status");
    if (status.isBlank()) {
      throw new IllegalArgumentException("status must not be blank");
    }
  }
}
