package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.internal.Checks;
import java.util.Map;

/**
 * One downloadable extension: its control files (file name to content) and Neon's archive path,
 * which the download URL does not use.
 */
public record ExtensionData(
    @JsonProperty(value = "control_data", required = true) Map<String, String> controlData,
    @JsonProperty(value = "archive_path", required = true) String archivePath) {

  @JsonCreator
  public ExtensionData {
    controlData = Checks.mapOrNull(Checks.required(controlData, "control_data"), "control_data");
    Checks.required(archivePath, "archive_path");
  }
}
