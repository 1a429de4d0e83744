package dev.computectl.testkit.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * Claims of one test token. The payload is written as plain JSON, not through a claims library, so
 * a test controls the exact shape: compute_ctl demands {@code aud} as an array, and a test may want
 * to send a string {@code aud} on purpose.
 */
public final class TokenBuilder {

  private final TestJwts key;
  private final ObjectNode claims = TestJwts.emptyClaims();

  TokenBuilder(TestJwts key) {
    this.key = key;
    expiresIn(Duration.ofHours(1));
  }

  public TokenBuilder computeId(String computeId) {
    claims.put("compute_id", computeId);
    return this;
  }

  /** {@code scope: "compute_ctl:admin"}. */
  public TokenBuilder adminScope() {
    return scope(TestJwts.ADMIN_SCOPE);
  }

  /** Any scope string (anything but the admin scope makes compute_ctl answer 401). */
  public TokenBuilder scope(String scope) {
    claims.put("scope", scope);
    return this;
  }

  /** {@code aud} as a JSON array, the only form compute_ctl accepts. */
  public TokenBuilder audience(String... audiences) {
    ArrayNode array = claims.putArray("aud");
    for (String audience : audiences) {
      array.add(audience);
    }
    return this;
  }

  /** {@code aud} as a bare string, for negative tests. */
  public TokenBuilder audienceAsString(String audience) {
    claims.put("aud", audience);
    return this;
  }

  public TokenBuilder expiresAt(Instant expiry) {
    claims.put("exp", expiry.getEpochSecond());
    return this;
  }

  public TokenBuilder expiresIn(Duration lifetime) {
    return expiresAt(Instant.now().plus(lifetime));
  }

  /** Expired well beyond compute_ctl's 60 s leeway. */
  public TokenBuilder expired() {
    return expiresAt(Instant.now().minus(Duration.ofHours(1)));
  }

  /** No {@code exp} at all (compute_ctl then does not check expiry). */
  public TokenBuilder noExpiry() {
    claims.remove("exp");
    return this;
  }

  /** Any other claim, as a JSON value. */
  public TokenBuilder claim(String name, JsonNode value) {
    claims.set(name, value);
    return this;
  }

  public TokenBuilder claim(String name, String value) {
    claims.put(name, value);
    return this;
  }

  public TokenBuilder withoutClaim(String name) {
    claims.remove(name);
    return this;
  }

  /** The compact JWS ({@code header.payload.signature}). */
  public String sign() {
    return key.sign(claims.deepCopy());
  }
}
