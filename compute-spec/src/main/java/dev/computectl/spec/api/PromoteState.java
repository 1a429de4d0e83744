package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Answer of {@code POST /promote}, tagged by {@code status} as Neon's: {@code completed} with the
 * time each step took, {@code failed} with the error, or {@code not_promoted}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "status")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PromoteState.Completed.class, name = "completed"),
    @JsonSubTypes.Type(value = PromoteState.Failed.class, name = "failed"),
    @JsonSubTypes.Type(value = PromoteState.NotPromoted.class, name = "not_promoted")})
public sealed interface PromoteState {

  /** The replica caught up, was promoted and runs the new spec as a Primary. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Completed(
      @JsonProperty("lsn_wait_time_ms") long lsnWaitTimeMs,
      @JsonProperty("pg_promote_time_ms") long pgPromoteTimeMs,
      @JsonProperty("reconfigure_time_ms") long reconfigureTimeMs) implements PromoteState {}

  /** The promotion did not happen or did not finish; {@code error} says why. */
  record Failed(@JsonProperty("error") String error) implements PromoteState {}

  /** No promotion was asked for. */
  record NotPromoted() implements PromoteState {}
}
