package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Paths of the TLS key and certificate. */
public record TlsConfig(
    @JsonProperty(value = "key_path", required = true) String keyPath,
    @JsonProperty(value = "cert_path", required = true) String certPath) {}
