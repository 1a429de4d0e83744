package dev.computectl.launcher;

import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import dev.computectl.spec.SpecProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The spec named on the command line: a bare spec ({@code -S}) or a ComputeConfig ({@code -c},
 * whose spec may be absent: the compute then starts empty).
 *
 * @param config the whole config for {@code -c}, empty for a bare spec
 * @param warnings what the file holds that is accepted but ignored or doubtful (unknown fields
 *     and vartypes; {@link SpecJson#readWithWarnings})
 */
record SpecFile(Path path, Optional<ComputeSpec> spec, Optional<ComputeConfig> config,
    List<SpecProblem> warnings) {

  SpecFile {
    warnings = List.copyOf(warnings);
  }

  static SpecFile readSpec(Path path) throws IOException, SpecParseException {
    SpecJson.Parsed<ComputeSpec> parsed = SpecJson.readWithWarnings(read(path), ComputeSpec.class);
    return new SpecFile(path, Optional.of(parsed.value()), Optional.empty(), parsed.warnings());
  }

  static SpecFile readConfig(Path path) throws IOException, SpecParseException {
    SpecJson.Parsed<ComputeConfig> parsed =
        SpecJson.readWithWarnings(read(path), ComputeConfig.class);
    ComputeConfig config = parsed.value();
    return new SpecFile(path, Optional.ofNullable(config.spec()), Optional.of(config),
        parsed.warnings());
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
