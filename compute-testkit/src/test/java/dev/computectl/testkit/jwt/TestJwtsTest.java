package dev.computectl.testkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TestJwtsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void ed25519TokenVerifiesAgainstItsPublishedKeySet() throws Exception {
    TestJwts keys = TestJwts.ed25519();
    String token = keys.adminToken();

    JWKSet published = JWKSet.parse(keys.jwksJson());
    JWK jwk = published.getKeyByKeyId(keys.kid());
    JWSObject jws = JWSObject.parse(token);

    assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("EdDSA");
    assertThat(jws.verify(new Ed25519Verifier((OctetKeyPair) jwk))).isTrue();
  }

  @Test
  void jwkSetHasNeonShapeAndNoPrivatePart() throws Exception {
    TestJwts keys = TestJwts.ed25519();
    JsonNode key = keys.jwks().get("keys").get(0);

    assertThat(key.get("kty").asText()).isEqualTo("OKP");
    assertThat(key.get("crv").asText()).isEqualTo("Ed25519");
    assertThat(key.get("alg").asText()).isEqualTo("EdDSA");
    assertThat(key.get("use").asText()).isEqualTo("sig");
    assertThat(key.get("key_ops").toString()).isEqualTo("[\"verify\"]");
    assertThat(key.has("d")).isFalse();
    byte[] x = Base64.getUrlDecoder().decode(key.get("x").asText());
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(x);
    assertThat(key.get("kid").asText())
        .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
    assertThat(keys.ctlConfig().jwks()).isEqualTo(keys.jwks());
  }

  @Test
  void claimsAreWrittenExactlyAsAsked() throws Exception {
    TestJwts keys = TestJwts.ed25519();
    Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
    String token =
        keys.token().computeId("c-1").adminScope().audience("compute").expiresAt(expiry).sign();

    JsonNode claims = JSON.readTree(JWSObject.parse(token).getPayload().toString());
    assertThat(claims.get("compute_id").asText()).isEqualTo("c-1");
    assertThat(claims.get("scope").asText()).isEqualTo("compute_ctl:admin");
    assertThat(claims.get("aud").isArray()).isTrue();
    assertThat(claims.get("aud").get(0).asText()).isEqualTo("compute");
    assertThat(claims.get("exp").asLong()).isEqualTo(expiry.getEpochSecond());
  }

  @Test
  void negativeShapesCanBeBuilt() throws Exception {
    TestJwts keys = TestJwts.ed25519();
    JsonNode stringAud =
        payload(keys.token().adminScope().audienceAsString("compute").noExpiry().sign());
    JsonNode expired = payload(keys.token().expired().sign());

    assertThat(stringAud.get("aud").isTextual()).isTrue();
    assertThat(stringAud.has("exp")).isFalse();
    assertThat(expired.get("exp").asLong()).isLessThan(Instant.now().getEpochSecond() - 60);
  }

  @Test
  void tokenOfAnotherKeyDoesNotVerify() throws Exception {
    TestJwts trusted = TestJwts.ed25519();
    TestJwts stranger = TestJwts.ed25519();
    JWSObject jws = JWSObject.parse(stranger.computeToken("c-1"));

    assertThat(trusted.kid()).isNotEqualTo(stranger.kid());
    assertThat(jws.verify(new Ed25519Verifier((OctetKeyPair) trusted.publicJwk()))).isFalse();
  }

  @Test
  void rs256KeySignsWithRs256() throws Exception {
    TestJwts keys = TestJwts.rs256();
    JWSObject jws = JWSObject.parse(keys.computeToken("c-9"));
    RSAKey published = (RSAKey) JWKSet.parse(keys.jwksJson()).getKeys().get(0);
    JWSVerifier verifier = new RSASSAVerifier(published);

    assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(published.isPrivate()).isFalse();
    assertThat(published.getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jws.verify(verifier)).isTrue();
  }

  @Test
  void jwksOfListsEveryKey() {
    TestJwts a = TestJwts.ed25519();
    TestJwts b = TestJwts.rs256();
    JsonNode set = TestJwts.jwksOf(a, b);

    assertThat(set.get("keys")).hasSize(2);
    assertThat(set.get("keys").get(1).get("kid").asText()).isEqualTo(b.kid());
  }

  private static JsonNode payload(String token) throws Exception {
    return JSON.readTree(JWSObject.parse(token).getPayload().toString());
  }
}
