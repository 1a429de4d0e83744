package dev.computectl.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a bearer token may call an authenticated route, in the order and with the answers
 * of Neon's compute_ctl (the order is listed in compute-http/README.md), plus two checks Neon's
 * library makes too: {@code nbf} (with the same 60 s leeway as {@code exp}) and {@code kid} (a
 * token naming a key id is checked against that key only). No setting or environment
 * variable turns it off: Neon skips the check when {@code INSTANCE_ID} is set; we do not.
 */
final class JwtAuthenticator {

  static final String ADMIN_SCOPE = "compute_ctl:admin";
  static final String REQUIRED_AUDIENCE = "compute";
  static final Duration EXPIRY_LEEWAY = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(JwtAuthenticator.class);
  private static final String BEARER = "bearer ";

  private final Supplier<JsonNode> jwks;
  private final Supplier<String> computeId;
  private final Clock clock;
  private final VerificationKeys keys = new VerificationKeys();

  JwtAuthenticator(Supplier<JsonNode> jwks, Supplier<String> computeId, Clock clock) {
    this.jwks = jwks;
    this.computeId = computeId;
    this.clock = clock;
  }

  /** Returns normally when allowed; otherwise throws the 400, 401 or 403 answer. */
  void authorize(String authorizationHeader) {
    String token = bearerToken(authorizationHeader);
    Map<String, Object> claims = verifiedClaims(token);
    Object scope = claims.get("scope");
    Object audience = claims.get("aud");
    Object tokenComputeId = claims.get("compute_id");
    // Claims of the wrong type fail decoding in the reference, before any decision.
    if ((scope != null && !ADMIN_SCOPE.equals(scope))
        || (audience != null && !isListOfStrings(audience))
        || (tokenComputeId != null && !(tokenComputeId instanceof String))) {
      throw unverified("claims of an unexpected form");
    }
    if (scope != null) {
      if (audience == null) {
        throw new HttpError(401, "missing audience in authorization token claims");
      }
      if (!((List<?>) audience).contains(REQUIRED_AUDIENCE)) {
        throw new HttpError(401, "invalid audience in authorization token claims");
      }
      return;
    }
    if (tokenComputeId == null) {
      throw new HttpError(403, "missing compute_id in authorization token claims");
    }
    if (!tokenComputeId.equals(computeId.get())) {
      throw new HttpError(403, "invalid compute ID in authorization token claims");
    }
  }

  private static String bearerToken(String header) {
    if (header == null
        || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw HttpError.badRequest("invalid authorization token");
    }
    String token = header.substring(BEARER.length()).strip();
    if (token.isEmpty() || token.chars().anyMatch(c -> c <= 0x20 || c > 0x7e)) {
      throw HttpError.badRequest("invalid authorization token");
    }
    return token;
  }

  private Map<String, Object> verifiedClaims(String token) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw unverified("not a signed JWT");
    }
    VerificationKeys.Family family = VerificationKeys.Family.of(jwt.getHeader().getAlgorithm());
    if (family == null) {
      throw unverified("algorithm " + jwt.getHeader().getAlgorithm() + " is not accepted");
    }
    String kid = jwt.getHeader().getKeyID();
    if (!verifiedByAnyKey(jwt, keys.current(jwks.get()), family, kid)) {
      throw unverified(kid == null ? "no key verifies the signature"
          : "no key with kid " + kid + " verifies the signature");
    }
    Map<String, Object> claims = jwt.getPayload().toJSONObject();
    if (claims == null) {
      throw unverified("payload is not a JSON object");
    }
    Object exp = claims.get("exp");
    if (exp != null) {
      if (!(exp instanceof Number)) {
        throw unverified("exp is not a number");
      }
      Instant expiry = Instant.ofEpochSecond(((Number) exp).longValue());
      if (clock.instant().isAfter(expiry.plus(EXPIRY_LEEWAY))) {
        throw unverified("token expired at " + expiry);
      }
    }
    Object nbf = claims.get("nbf");
    if (nbf != null) {
      if (!(nbf instanceof Number)) {
        throw unverified("nbf is not a number");
      }
      Instant notBefore = Instant.ofEpochSecond(((Number) nbf).longValue());
      if (clock.instant().plus(EXPIRY_LEEWAY).isBefore(notBefore)) {
        throw unverified("token not valid before " + notBefore);
      }
    }
    return claims;
  }

  /**
   * A token that names a {@code kid} is checked against the keys with that id only (none: refused);
   * without one, against every key of its algorithm's family.
   */
  private static boolean verifiedByAnyKey(SignedJWT jwt,
      List<VerificationKeys.KeyVerifier> verifiers, VerificationKeys.Family family, String kid) {
    for (VerificationKeys.KeyVerifier key : verifiers) {
      if (key.family() != family || (kid != null && !kid.equals(key.keyId()))) {
        continue;
      }
      try {
        if (jwt.verify(key.verifier())) {
          return true;
        }
      } catch (JOSEException | IllegalStateException e) {
        log.debug("key {} could not check the token: {}", key.keyId(), e.getMessage());
      }
    }
    return false;
  }

  private static boolean isListOfStrings(Object value) {
    return value instanceof List && ((List<?>) value).stream().allMatch(v -> v instanceof String);
  }

  private static HttpError unverified(String reason) {
    log.info("refused a bearer token: {}", reason);
    return new HttpError(401, "failed to verify authorization token");
  }
}
