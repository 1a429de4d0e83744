package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The pageservers that serve one shard. */
public record PageserverShardInfo(
    @JsonProperty(value = "pageservers", required = true) List<PageserverInfo> pageservers) {

  @JsonCreator
  public PageserverShardInfo {
    pageservers = List.copyOf(pageservers);
  }
}
