package dev.computectl.launcher;

import dev.computectl.core.port.SpecSource;
import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies {@code --pg-port} to every spec a source delivers, so a refresh of a {@code --config}
 * file keeps the override. Without an override it passes configs through unchanged.
 */
final class PortOverrideSource implements SpecSource {

  private final SpecSource delegate;
  private final Optional<Integer> port;

  PortOverrideSource(SpecSource delegate, Optional<Integer> port) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.port = Objects.requireNonNull(port, "port");
  }

  @Override
  public String describe() {
    return delegate.describe() + port.map(p -> " (port overridden to " + p + ")").orElse("");
  }

  @Override
  public boolean carriesComputeCtlConfig() {
    return delegate.carriesComputeCtlConfig();
  }

  @Override
  public ComputeConfig fetch() throws SpecFetchException {
    ComputeConfig config = delegate.fetch();
    if (port.isEmpty() || config.spec() == null) {
      return config;
    }
    return new ComputeConfig(withPort(config.spec(), port.get()), config.computeCtlConfig());
  }

  /** The spec with its {@code port} setting replaced (or added). */
  static ComputeSpec withPort(ComputeSpec spec, int port) {
    try {
      return SpecJson.withSetting(spec, "port", Integer.toString(port), "integer");
    } catch (SpecParseException e) {
      throw new IllegalStateException("spec did not survive the port override", e);
    }
  }
}
