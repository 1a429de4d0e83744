package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.internal.Checks;
import java.util.List;

/**
 * {@code local_proxy_config}: written as JSON for local_proxy. The union of all {@code role_names}
 * are the "JWT roles" the planner creates differently.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalProxySpec(
    @JsonProperty("jwks") List<JwksSettings> jwks, @JsonProperty("tls") TlsConfig tls) {

  @JsonCreator
  public LocalProxySpec {
    jwks = Checks.listOrNull(jwks, "jwks");
  }

  /** The union of every issuer's role names, in first-seen order. */
  public List<String> jwtRoles() {
    return jwks == null
        ? List.of()
        : Checks.unionInOrder(jwks.stream().map(JwksSettings::roleNames).toList());
  }

  /** The same spec with another TLS setting (the compute's own, or null). */
  public LocalProxySpec withTls(TlsConfig newTls) {
    return new LocalProxySpec(jwks, newTls);
  }
}
