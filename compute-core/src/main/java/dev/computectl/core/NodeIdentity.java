package dev.computectl.core;

import java.util.Objects;

/**
 * How a compute names itself to the outside: its id (in logs, thread names, metrics and the
 * control plane's URLs), the build tag its metrics carry, and the internal HTTP port it writes
 * into postgresql.conf for Postgres's extension server.
 *
 * @param internalHttpPort null when the compute serves no internal API
 */
public record NodeIdentity(String computeId, String buildTag, Integer internalHttpPort) {

  public static final String DEFAULT_BUILD_TAG = "latest";

  public NodeIdentity {
    Objects.requireNonNull(computeId, "computeId");
    if (computeId.isBlank()) {
      throw new IllegalArgumentException("computeId must not be blank");
    }
    Objects.requireNonNull(buildTag, "buildTag");
    if (internalHttpPort != null && (internalHttpPort < 0 || internalHttpPort > 65535)) {
      throw new IllegalArgumentException(
          "internalHttpPort must be 0-65535, got " + internalHttpPort);
    }
  }

  /** The id alone: build tag {@value #DEFAULT_BUILD_TAG}, no internal HTTP port. */
  public static NodeIdentity of(String computeId) {
    return new NodeIdentity(computeId, DEFAULT_BUILD_TAG, null);
  }

  public NodeIdentity withBuildTag(String value) {
    return new NodeIdentity(computeId, value, internalHttpPort);
  }

  public NodeIdentity withInternalHttpPort(int value) {
    return new NodeIdentity(computeId, buildTag, value);
  }
}
