package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.Lsn;

/** Body of {@code POST /terminate}: the shutdown checkpoint LSN, or null. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TerminateResponse(@JsonProperty("lsn") Lsn lsn) {}
