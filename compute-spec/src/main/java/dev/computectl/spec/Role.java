package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.internal.Checks;
import java.util.List;

/**
 * A wanted role. {@code encryptedPassword} is either an md5 hash without the {@code md5} prefix (32
 * hex characters) or a full SCRAM-SHA-256 verifier; null means no password.
 */
public record Role(
    @JsonProperty(value = "name", required = true) String name,
    @JsonProperty("encrypted_password") String encryptedPassword,
    @JsonProperty("options") List<GenericOption> options) {

  @JsonCreator
  public Role {
    Checks.required(name, "name");
    options = Checks.listOrNull(options, "options");
  }

  public Role(String name, String encryptedPassword) {
    this(name, encryptedPassword, null);
  }

  /** Never prints the password, so a role can be logged safely. */
  @Override
  public String toString() {
    return "Role[name=" + name + ", password=" + (encryptedPassword == null ? "none" : "***") + "]";
  }
}
