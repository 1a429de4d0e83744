package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One pageserver of a shard; every field may be null. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PageserverInfo(
    @JsonProperty("id") Long id,
    @JsonProperty("libpq_url") String libpqUrl,
    @JsonProperty("grpc_url") String grpcUrl) {

  @JsonCreator
  public PageserverInfo {
    if (id != null && id < 0) {
      throw new IllegalArgumentException("id must not be negative");
    }
  }
}
