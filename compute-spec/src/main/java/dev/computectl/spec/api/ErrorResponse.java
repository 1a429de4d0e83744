package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Every error body of the HTTP API: {@code {"error": "..."}}. */
public record ErrorResponse(@JsonProperty("error") String error) {}
