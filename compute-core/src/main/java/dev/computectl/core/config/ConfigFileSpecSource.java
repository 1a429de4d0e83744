package dev.computectl.core.config;

import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Reads the {@code --config} file again on every fetch (Neon's local tooling refreshes so). */
public final class ConfigFileSpecSource implements SpecSource {

  private final Path path;

  public ConfigFileSpecSource(Path path) {
    this.path = Objects.requireNonNull(path);
  }

  @Override
  public String describe() {
    return path.toString();
  }

  @Override
  public ComputeConfig fetch() throws SpecFetchException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SpecFetchException("cannot read config file " + path + ": " + e, e);
    }
    try {
      return SpecJson.readConfig(text);
    } catch (SpecParseException e) {
      throw new SpecFetchException("could not parse config file " + path + ": " + e.getMessage(),
          e);
    }
  }
}
