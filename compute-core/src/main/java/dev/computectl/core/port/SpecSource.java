package dev.computectl.core.port;

import dev.computectl.spec.ComputeConfig;

/**
 * Where a refresh gets a fresh config: a {@code --config} file, a bare {@code --spec-path} file or
 * the control plane.
 */
public interface SpecSource {

  /** The file path or URL, for logs and errors. */
  String describe();

  /**
   * Fetches and parses the config. A config whose spec is null means the control plane has no
   * spec for this compute any more (it was detached).
   *
   * @throws SpecFetchException naming the source and what went wrong
   */
  ComputeConfig fetch() throws SpecFetchException;

  /**
   * Whether the fetched {@code compute_ctl_config} is real: its keys then replace the current
   * ones (docs/decisions.md#keys-from-every-accepted-config). False for a bare spec file, which
   * has none: the compute keeps its keys. A wrapper must pass this through.
   */
  default boolean carriesComputeCtlConfig() {
    return true;
  }

  /** A fetch or parse that failed. */
  final class SpecFetchException extends Exception {
    public SpecFetchException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
