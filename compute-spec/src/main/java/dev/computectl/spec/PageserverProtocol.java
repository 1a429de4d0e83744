package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which pageserver protocol the compute should prefer. */
public enum PageserverProtocol {
  @JsonProperty("libpq")
  LIBPQ,
  @JsonProperty("grpc")
  GRPC
}
