package dev.computectl.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifiers for the JWK set in force. The set is re-read on every request and parsed again only
 * when it changed, so keys rotate with the next accepted config (see
 * docs/decisions.md#keys-from-every-accepted-config).
 */
final class VerificationKeys {

  private static final Logger log = LoggerFactory.getLogger(VerificationKeys.class);

  /** One usable key: which family of token algorithms it checks, and how. */
  record KeyVerifier(String keyId, Family family, JWSVerifier verifier) {}

  /** The token algorithms we accept: EdDSA over Ed25519, and RS256. */
  enum Family {
    ED25519,
    RS256;

    static Family of(JWSAlgorithm alg) {
      if (JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg)) {
        return ED25519;
      }
      if (JWSAlgorithm.RS256.equals(alg)) {
        return RS256;
      }
      return null;
    }
  }

  private record Parsed(JsonNode source, List<KeyVerifier> verifiers) {}

  private final AtomicReference<Parsed> cache = new AtomicReference<>();

  List<KeyVerifier> current(JsonNode jwks) {
    Parsed cached = cache.get();
    if (cached != null && (cached.source == jwks || cached.source.equals(jwks))) {
      return cached.verifiers;
    }
    Parsed fresh = new Parsed(jwks == null ? null : jwks.deepCopy(), parse(jwks));
    cache.set(fresh);
    return fresh.verifiers;
  }

  static List<KeyVerifier> parse(JsonNode jwks) {
    if (jwks == null || jwks.isNull()) {
      return List.of();
    }
    JWKSet set;
    try {
      set = JWKSet.parse(jwks.toString());
    } catch (ParseException e) {
      log.warn("JWK set is not valid, every token will be refused: {}", e.getMessage());
      return List.of();
    }
    List<KeyVerifier> verifiers = new ArrayList<>();
    for (JWK key : set.getKeys()) {
      if (KeyUse.ENCRYPTION.equals(key.getKeyUse())) {
        continue;
      }
      try {
        KeyVerifier verifier = verifierFor(key);
        if (verifier != null) {
          verifiers.add(verifier);
        } else {
          log.warn(
              "JWK {} ({}, alg {}) is neither an Ed25519 key for EdDSA nor an RSA key for RS256, ignored",
              key.getKeyID(), key.getKeyType(), key.getAlgorithm());
        }
      } catch (JOSEException e) {
        log.warn("JWK {} cannot verify signatures, ignored: {}", key.getKeyID(), e.getMessage());
      }
    }
    return List.copyOf(verifiers);
  }

  /**
   * Why each key of a set cannot verify tokens, as {@code keys[i]: reason} (naming its {@code kid}
   * when it has one); empty when every key is usable. A config whose set has such a key is
   * refused, so a typo cannot lock every client out.
   */
  static List<String> unusableKeys(JsonNode jwks) {
    List<String> problems = new ArrayList<>();
    JsonNode keys = jwks == null ? null : jwks.get("keys");
    if (keys == null || !keys.isArray()) {
      return List.of("keys: must be an array");
    }
    for (int i = 0; i < keys.size(); i++) {
      JsonNode node = keys.get(i);
      String where = "keys[" + i + "]";
      if (!node.isObject()) {
        problems.add(where + ": is not a JSON object");
        continue;
      }
      JsonNode kid = node.get("kid");
      if (kid != null && kid.isTextual()) {
        where += " (kid " + dev.computectl.spec.SpecValidator.shown(kid.asText()) + ")";
      }
      JWK key;
      try {
        key = JWK.parse(node.toString());
      } catch (ParseException e) {
        problems.add(where + ": not a valid JWK: " + e.getMessage());
        continue;
      }
      if (KeyUse.ENCRYPTION.equals(key.getKeyUse())) {
        problems.add(where + ": is an encryption key (use enc), it cannot verify signatures");
        continue;
      }
      try {
        if (verifierFor(key) == null) {
          problems.add(where + ": is neither an Ed25519 key for EdDSA nor an RSA key for RS256"
              + " (kty " + key.getKeyType() + ", alg " + key.getAlgorithm() + ")");
        }
      } catch (JOSEException | RuntimeException e) {
        problems.add(where + ": cannot verify signatures: " + e.getMessage());
      }
    }
    return List.copyOf(problems);
  }

  private static KeyVerifier verifierFor(JWK key) throws JOSEException {
    if (key instanceof OctetKeyPair && Curve.Ed25519.equals(((OctetKeyPair) key).getCurve())) {
      if (declaredFamilyDiffers(key, Family.ED25519)) {
        return null;
      }
      OctetKeyPair publicOnly = ((OctetKeyPair) key).toPublicJWK();
      return new KeyVerifier(key.getKeyID(), Family.ED25519, new Ed25519Verifier(publicOnly));
    }
    if (key instanceof RSAKey) {
      if (declaredFamilyDiffers(key, Family.RS256)) {
        return null;
      }
      return new KeyVerifier(key.getKeyID(), Family.RS256, new RSASSAVerifier((RSAKey) key));
    }
    return null;
  }

  private static boolean declaredFamilyDiffers(JWK key, Family family) {
    if (key.getAlgorithm() == null) {
      return false;
    }
    return Family.of(JWSAlgorithm.parse(key.getAlgorithm().getName())) != family;
  }
}
