package dev.computectl.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import java.util.Map;

/** Real keys made in the test, and tokens signed with them. */
final class TestTokens {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private TestTokens() {}

  static OctetKeyPair newEd25519(String kid) throws JOSEException {
    return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).algorithm(JWSAlgorithm.EdDSA).generate();
  }

  static RSAKey newRsa(String kid) throws JOSEException {
    return new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.RS256).generate();
  }

  /** The public JWK set of the given keys, as the compute would hold it. */
  static JsonNode jwks(JWK... keys) throws Exception {
    return MAPPER.readTree(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
  }

  static String sign(JWK key, Map<String, Object> claims) throws JOSEException {
    return sign(key, key.getKeyID(), claims);
  }

  /** Signed by {@code key} with {@code kid} in the header (none when null). */
  static String sign(JWK key, String kid, Map<String, Object> claims) throws JOSEException {
    JWSSigner signer;
    JWSAlgorithm alg;
    if (key instanceof OctetKeyPair) {
      signer = new Ed25519Signer((OctetKeyPair) key);
      alg = JWSAlgorithm.EdDSA;
    } else {
      signer = new RSASSASigner((RSAKey) key);
      alg = JWSAlgorithm.RS256;
    }
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
    claims.forEach(builder::claim);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), builder.build());
    jwt.sign(signer);
    return jwt.serialize();
  }
}
