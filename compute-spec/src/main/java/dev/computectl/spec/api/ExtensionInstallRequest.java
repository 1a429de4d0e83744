package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /extensions}. */
public record ExtensionInstallRequest(
    @JsonProperty(value = "extension", required = true) String extension,
    @JsonProperty(value = "database", required = true) String database,
    @JsonProperty(value = "version", required = true) String version) {}
