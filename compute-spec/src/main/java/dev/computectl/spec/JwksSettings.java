package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.internal.Checks;
import java.util.List;

/** One JWT issuer local_proxy trusts, and the roles its tokens may log in as. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JwksSettings(
    @JsonProperty(value = "id", required = true) String id,
    @JsonProperty(value = "jwks_url", required = true) String jwksUrl,
    @JsonProperty(value = "provider_name", required = true) String providerName,
    @JsonProperty("jwt_audience") String jwtAudience,
    @JsonProperty(value = "role_names", required = true) List<String> roleNames) {

  @JsonCreator
  public JwksSettings {
    Checks.required(id, "id");
    Checks.required(jwksUrl, "jwks_url");
    Checks.required(providerName, "provider_name");
    roleNames = Checks.listOrNull(Checks.required(roleNames, "role_names"), "role_names");
  }
}
