package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.internal.Checks;

/** Body of {@code POST /extensions}. */
public record ExtensionInstallRequest(
    @JsonProperty(value = "extension", required = true) String extension,
    @JsonProperty(value = "database", required = true) String database,
    @JsonProperty(value = "version", required = true) String version) {

  @JsonCreator
  public ExtensionInstallRequest {
    Checks.required(extension, "extension");
    Checks.required(database, "database");
    Checks.required(version, "version");
  }
}
