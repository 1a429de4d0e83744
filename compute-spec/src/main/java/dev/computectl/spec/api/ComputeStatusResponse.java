package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.ComputeStatus;
import java.time.Instant;

/**
 * Body of {@code GET /status} and of a successful {@code /configure}. All six keys are always
 * written; absent values are null. Timestamps are RFC 3339 in UTC.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ComputeStatusResponse(
    @JsonProperty("start_time") Instant startTime,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("timeline") String timeline,
    @JsonProperty("status") ComputeStatus status,
    @JsonProperty("last_active") Instant lastActive,
    @JsonProperty("error") String error) {}
