package dev.computectl.testkit.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.ControlPlaneConfigResponse;
import dev.computectl.testkit.jwt.TestJwts;

/**
 * Builds the documents that carry a spec plus {@code compute_ctl_config}: the {@code --config} file
 * ({@link ComputeConfig}), the body of {@code POST /configure} ({@link ConfigurationRequest}) and
 * the control plane's answer ({@link ControlPlaneConfigResponse}, with {@code status}).
 */
public final class ConfigBuilder {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonNode spec;
  private JsonNode jwks = emptyJwks();
  private ObjectNode tls;

  private ConfigBuilder() {}

  public static ConfigBuilder config() {
    return new ConfigBuilder();
  }

  public ConfigBuilder spec(SpecBuilder spec) {
    this.spec = spec == null ? null : spec.toJsonNode();
    return this;
  }

  public ConfigBuilder spec(dev.computectl.spec.ComputeSpec spec) {
    this.spec = spec == null ? null : SpecJson.mapper().valueToTree(spec);
    return this;
  }

  /** No spec: the compute starts {@code empty} and waits for {@code /configure}. */
  public ConfigBuilder noSpec() {
    this.spec = null;
    return this;
  }

  /** Trust the keys' public JWK. */
  public ConfigBuilder jwks(TestJwts... keys) {
    this.jwks = TestJwts.jwksOf(keys);
    return this;
  }

  /** A JWK set document ({@code {"keys": [...]}}), verbatim. */
  public ConfigBuilder jwks(JsonNode jwkSet) {
    this.jwks = jwkSet.deepCopy();
    return this;
  }

  public ConfigBuilder tls(String keyPath, String certPath) {
    tls = NODES.objectNode();
    tls.put("key_path", keyPath);
    tls.put("cert_path", certPath);
    return this;
  }

  private ObjectNode ctlConfigNode() {
    ObjectNode ctl = NODES.objectNode();
    ctl.set("jwks", jwks.deepCopy());
    if (tls != null) {
      ctl.set("tls", tls.deepCopy());
    }
    return ctl;
  }

  /** The {@code --config} document: {@code {"spec": ...|absent, "compute_ctl_config": ...}}. */
  public ObjectNode toConfigJsonNode() {
    ObjectNode root = NODES.objectNode();
    if (spec != null) {
      root.set("spec", spec.deepCopy());
    }
    root.set("compute_ctl_config", ctlConfigNode());
    return root;
  }

  public String toConfigJson() {
    return toConfigJsonNode().toString();
  }

  /** The control plane's answer: {@code attached} with a spec, {@code empty} without. */
  public ObjectNode toControlPlaneJsonNode() {
    ObjectNode root = toConfigJsonNode();
    root.put("status", spec == null ? "empty" : "attached");
    return root;
  }

  public String toControlPlaneJson() {
    return toControlPlaneJsonNode().toString();
  }

  /** The {@code POST /configure} body; needs a spec. */
  public String toConfigurationRequestJson() {
    if (spec == null) {
      throw new IllegalStateException("a configuration request needs a spec");
    }
    return toConfigJson();
  }

  public ComputeConfig build() {
    return parse(() -> SpecJson.readConfig(toConfigJson()));
  }

  public ConfigurationRequest buildRequest() {
    return parse(() -> SpecJson.readConfigurationRequest(toConfigurationRequestJson()));
  }

  public ControlPlaneConfigResponse buildControlPlaneResponse() {
    return parse(() -> SpecJson.readControlPlaneResponse(toControlPlaneJson()));
  }

  private interface Reader<T> {
    T read() throws SpecParseException;
  }

  private static <T> T parse(Reader<T> reader) {
    try {
      return reader.read();
    } catch (SpecParseException e) {
      throw new IllegalStateException("the built document does not parse: " + e.getMessage(), e);
    }
  }

  private static JsonNode emptyJwks() {
    ObjectNode node = NODES.objectNode();
    node.putArray("keys");
    return node;
  }
}
