package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.computectl.spec.internal.Checks;

/**
 * compute_ctl's own settings, independent of the tenant. The JWK set stays parsed JSON: the HTTP
 * layer hands it to a JOSE library, and keeping it raw loses nothing a key may carry.
 */
public record ComputeCtlConfig(
    @JsonProperty(value = "jwks", required = true) JsonNode jwks,
    @JsonProperty("tls") TlsConfig tls) {

  @JsonCreator
  public ComputeCtlConfig {
    jwks = Checks.required(jwks, "jwks").deepCopy();
    if (!jwks.isObject() || !jwks.path("keys").isArray()) {
      throw new Checks.FieldException("jwks", "must be an object with a \"keys\" array");
    }
  }

  /** Neon's in-code default: no keys, no TLS. */
  public static ComputeCtlConfig defaults() {
    return new ComputeCtlConfig(emptyJwks(), null);
  }

  private static JsonNode emptyJwks() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.putArray("keys");
    return node;
  }

  /** A defensive copy: JsonNode is mutable. */
  @Override
  public JsonNode jwks() {
    return jwks.deepCopy();
  }
}
