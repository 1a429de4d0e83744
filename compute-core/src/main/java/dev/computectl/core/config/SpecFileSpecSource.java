package dev.computectl.core.config;

import dev.computectl.core.port.SpecSource;

import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads a bare spec file ({@code --spec-path}) again on every fetch. Such a file carries no
 * {@code compute_ctl_config}, so a refresh from it keeps the keys the compute already has ({@link
 * #carriesComputeCtlConfig()} is false; the config returned holds placeholder defaults).
 */
public final class SpecFileSpecSource implements SpecSource {

  private final Path path;

  public SpecFileSpecSource(Path path) {
    this.path = Objects.requireNonNull(path);
  }

  @Override
  public String describe() {
    return "spec file " + path;
  }

  @Override
  public boolean carriesComputeCtlConfig() {
    return false;
  }

  @Override
  public ComputeConfig fetch() throws SpecFetchException {
    ComputeSpec spec = SpecFiles.read(path, "spec file", ComputeSpec.class);
    return new ComputeConfig(spec, ComputeCtlConfig.defaults());
  }
}
