package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Answer of {@code POST /extensions} (HTTP 201, as Neon). */
public record ExtensionInstallResponse(
    @JsonProperty("extension") String extension, @JsonProperty("version") String version) {}
