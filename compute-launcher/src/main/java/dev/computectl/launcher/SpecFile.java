package dev.computectl.launcher;

import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The spec named on the command line: a bare spec ({@code -S}) or a ComputeConfig ({@code -c},
 * whose spec may be absent: the compute then starts empty).
 *
 * @param config the whole config for {@code -c}, empty for a bare spec
 */
record SpecFile(Path path, Optional<ComputeSpec> spec, Optional<ComputeConfig> config) {

  static SpecFile readSpec(Path path) throws IOException, SpecParseException {
    return new SpecFile(path, Optional.of(SpecJson.readSpec(read(path))), Optional.empty());
  }

  static SpecFile readConfig(Path path) throws IOException, SpecParseException {
    ComputeConfig config = SpecJson.readConfig(read(path));
    return new SpecFile(path, Optional.ofNullable(config.spec()), Optional.of(config));
  }

  /** Reads the file of {@code -S} or {@code -c}, whichever the options name. */
  static SpecFile read(LaunchOptions options) throws IOException, SpecParseException {
    if (options.specPath().isPresent()) {
      return readSpec(options.specPath().get());
    }
    return readConfig(options.configPath().orElseThrow(
        () -> new IllegalStateException("no -S or -c")));
  }

  private static String read(Path path) throws IOException {
    return Files.readString(path, StandardCharsets.UTF_8);
  }
}
