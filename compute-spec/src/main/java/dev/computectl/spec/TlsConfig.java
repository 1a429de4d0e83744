package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.internal.Checks;

/** Paths of the TLS key and certificate. */
public record TlsConfig(
    @JsonProperty(value = "key_path", required = true) String keyPath,
    @JsonProperty(value = "cert_path", required = true) String certPath) {

  @JsonCreator
  public TlsConfig {
    Checks.required(keyPath, "key_path");
    Checks.required(certPath, "cert_path");
  }
}
