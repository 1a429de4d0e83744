package dev.computectl.core.config;

import dev.computectl.core.port.SpecSource;

import dev.computectl.spec.ComputeConfig;
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
    return SpecFiles.read(path, "config file", ComputeConfig.class);
  }
}
