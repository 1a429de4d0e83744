package dev.computectl.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  /**
   * The spec with its {@code port} setting replaced (or added). Done on the JSON form, so every
   * other field survives exactly as the spec model reads and writes it.
   */
  static ComputeSpec withPort(ComputeSpec spec, int port) {
    ObjectNode tree = SpecJson.mapper().valueToTree(spec);
    ObjectNode cluster = (ObjectNode) tree.get("cluster");
    JsonNode existing = cluster.get("settings");
    ArrayNode settings = existing instanceof ArrayNode a ? a : cluster.putArray("settings");
    boolean replaced = false;
    for (JsonNode setting : settings) {
      if ("port".equals(setting.path("name").asText())) {
        ((ObjectNode) setting).put("value", Integer.toString(port)).put("vartype", "integer");
        replaced = true;
      }
    }
    if (!replaced) {
      settings.addObject().put("name", "port").put("value", Integer.toString(port))
          .put("vartype", "integer");
    }
    try {
      return SpecJson.readSpec(SpecJson.mapper().writeValueAsString(tree));
    } catch (SpecParseException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("spec did not survive the port override", e);
    }
  }
}
