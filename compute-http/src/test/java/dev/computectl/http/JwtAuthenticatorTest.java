package dev.computectl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.computectl.core.ComputeOperations;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.ComputeStatusResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtAuthenticatorTest {

  static final String COMPUTE_ID = "compute-7";
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  static OctetKeyPair ed;
  static RSAKey rsa;

  final AtomicReference<JsonNode> jwks = new AtomicReference<>();
  final JwtAuthenticator auth =
      new JwtAuthenticator(jwks::get, () -> COMPUTE_ID, Clock.fixed(NOW, ZoneOffset.UTC));

  @BeforeAll
  static void keys() throws Exception {
    ed = TestTokens.newEd25519("ed-1");
    rsa = TestTokens.newRsa("rsa-1");
  }

  JwtAuthenticatorTest() throws Exception {
    jwks.set(TestTokens.jwks(ed, rsa));
  }

  static AbstractThrowableAssert<?, ?> refused(Runnable call, int status, String message) {
    return assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(status))
        .hasMessage(message);
  }

  String bearer(Object key, Map<String, Object> claims) throws Exception {
    return "Bearer " + TestTokens.sign((com.nimbusds.jose.jwk.JWK) key, claims);
  }

  @Test
  void a_missing_or_malformed_header_is_400() {
    for (String header : new String[] {null, "", "Bearer", "Bearer ", "Basic abc", "Bearer a b", "Token x"}) {
      refused(() -> auth.authorize(header), 400, "invalid authorization token");
    }
  }

  @Test
  void a_token_that_no_key_verifies_is_401() throws Exception {
    OctetKeyPair stranger = TestTokens.newEd25519("ed-1"); // same kid, other key
    String token = bearer(stranger, Map.of("compute_id", COMPUTE_ID));
    refused(() -> auth.authorize(token), 401, "failed to verify authorization token");
    refused(() -> auth.authorize("Bearer not.a.jwt"), 401, "failed to verify authorization token");
  }

  @Test
  void an_empty_key_set_refuses_everything() throws Exception {
    jwks.set(TestTokens.MAPPER.readTree("{\"keys\":[]}"));
    String token = bearer(ed, Map.of("compute_id", COMPUTE_ID));
    refused(() -> auth.authorize(token), 401, "failed to verify authorization token");
  }

  @Test
  void eddsa_and_rs256_keys_work_side_by_side() throws Exception {
    assertThatCode(() -> auth.authorize(bearer(ed, Map.of("compute_id", COMPUTE_ID)))).doesNotThrowAnyException();
    assertThatCode(() -> auth.authorize(bearer(rsa, Map.of("compute_id", COMPUTE_ID)))).doesNotThrowAnyException();
  }

  @Test
  void an_unsigned_token_is_401() {
    String none = "eyJhbGciOiJub25lIn0." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("{\"compute_id\":\"" + COMPUTE_ID + "\"}").getBytes()) + ".";
    refused(() -> auth.authorize("Bearer " + none), 401, "failed to verify authorization token");
  }

  @Test
  void admin_scope_needs_compute_in_an_audience_array() throws Exception {
    String scope = JwtAuthenticator.ADMIN_SCOPE;
    assertThatCode(() -> auth.authorize(bearer(ed, Map.of("scope", scope, "aud", List.of("x", "compute")))))
        .doesNotThrowAnyException();
    String noAud = bearer(ed, Map.of("scope", scope));
    refused(() -> auth.authorize(noAud), 401, "missing audience in authorization token claims");
    String wrongAud = bearer(ed, Map.of("scope", scope, "aud", List.of("pageserver", "safekeeper")));
    refused(() -> auth.authorize(wrongAud), 401, "invalid audience in authorization token claims");
    String stringAud = bearer(ed, Map.of("scope", scope, "aud", "compute"));
    refused(() -> auth.authorize(stringAud), 401, "failed to verify authorization token");
  }

  @Test
  void an_unknown_scope_is_401() throws Exception {
    String token = bearer(ed, Map.of("scope", "compute_ctl:root", "compute_id", COMPUTE_ID));
    refused(() -> auth.authorize(token), 401, "failed to verify authorization token");
  }

  @Test
  void without_admin_scope_the_compute_id_must_match() throws Exception {
    String empty = bearer(ed, Map.of());
    refused(() -> auth.authorize(empty), 403, "missing compute_id in authorization token claims");
    String other = bearer(ed, Map.of("compute_id", "compute-8"));
    refused(() -> auth.authorize(other), 403, "invalid compute ID in authorization token claims");
  }

  @Test
  void expiry_is_checked_with_sixty_seconds_of_leeway() throws Exception {
    long now = NOW.getEpochSecond();
    String withinLeeway = bearer(ed, Map.of("compute_id", COMPUTE_ID, "exp", now - 30));
    assertThatCode(() -> auth.authorize(withinLeeway)).doesNotThrowAnyException();
    String expired = bearer(ed, Map.of("compute_id", COMPUTE_ID, "exp", now - 120));
    refused(() -> auth.authorize(expired), 401, "failed to verify authorization token");
  }

  @Test
  void not_before_is_checked_with_sixty_seconds_of_leeway() throws Exception {
    long now = NOW.getEpochSecond();
    String withinLeeway = bearer(ed, Map.of("compute_id", COMPUTE_ID, "nbf", now + 30));
    assertThatCode(() -> auth.authorize(withinLeeway)).doesNotThrowAnyException();
    String future = bearer(ed, Map.of("compute_id", COMPUTE_ID, "nbf", now + 3600));
    refused(() -> auth.authorize(future), 401, "failed to verify authorization token");
    String notANumber = bearer(ed, Map.of("compute_id", COMPUTE_ID, "nbf", "soon"));
    refused(() -> auth.authorize(notANumber), 401, "failed to verify authorization token");
  }

  @Test
  void a_token_naming_a_kid_is_checked_against_that_key_only() throws Exception {
    OctetKeyPair other = TestTokens.newEd25519("ed-2");
    jwks.set(TestTokens.jwks(ed, other));
    Map<String, Object> claims = Map.of("compute_id", COMPUTE_ID);
    // Signed by ed-2 but naming ed-1: ed-2 would verify it, but it is not the key named.
    String wrongKid = "Bearer " + TestTokens.sign(other, "ed-1", claims);
    refused(() -> auth.authorize(wrongKid), 401, "failed to verify authorization token");
    String unknownKid = "Bearer " + TestTokens.sign(ed, "nope", claims);
    refused(() -> auth.authorize(unknownKid), 401, "failed to verify authorization token");
    assertThatCode(() -> auth.authorize("Bearer " + TestTokens.sign(other, "ed-2", claims)))
        .doesNotThrowAnyException();
    // Without a kid every key of the family is tried, as before.
    assertThatCode(() -> auth.authorize("Bearer " + TestTokens.sign(other, null, claims)))
        .doesNotThrowAnyException();
  }

  @Test
  void unusable_keys_are_named() throws Exception {
    assertThat(VerificationKeys.unusableKeys(TestTokens.MAPPER.readTree("{\"keys\":[{\"kty\":\"OKP\"}]}")))
        .singleElement().asString().startsWith("keys[0]: not a valid JWK");
    assertThat(VerificationKeys.unusableKeys(TestTokens.MAPPER.readTree("{\"keys\":[1]}")))
        .containsExactly("keys[0]: is not a JSON object");
    assertThat(VerificationKeys.unusableKeys(TestTokens.MAPPER.readTree(
        "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"s\",\"k\":\"c2VjcmV0\"}]}")))
        .singleElement().asString().startsWith("keys[0] (kid 's'): is neither");
    assertThat(VerificationKeys.unusableKeys(TestTokens.jwks(ed, rsa))).isEmpty();
    assertThat(VerificationKeys.unusableKeys(TestTokens.MAPPER.readTree("{\"keys\":[]}"))).isEmpty();
  }

  @Test
  void keys_rotate_with_the_key_set_in_force() throws Exception {
    OctetKeyPair next = TestTokens.newEd25519("ed-2");
    String oldToken = bearer(ed, Map.of("compute_id", COMPUTE_ID));
    String newToken = bearer(next, Map.of("compute_id", COMPUTE_ID));
    refused(() -> auth.authorize(newToken), 401, "failed to verify authorization token");
    jwks.set(TestTokens.jwks(next));
    assertThatCode(() -> auth.authorize(newToken)).doesNotThrowAnyException();
    refused(() -> auth.authorize(oldToken), 401, "failed to verify authorization token");
  }

  @Test
  void a_key_declared_for_another_algorithm_is_not_used() throws Exception {
    // An RSA key published as RS512 must not verify RS256 tokens.
    RSAKey rs512 = new RSAKey.Builder(rsa.toRSAPublicKey()).keyID("rsa-512")
        .algorithm(com.nimbusds.jose.JWSAlgorithm.RS512).build();
    jwks.set(TestTokens.jwks(rs512));
    String token = bearer(rsa, Map.of("compute_id", COMPUTE_ID));
    refused(() -> auth.authorize(token), 401, "failed to verify authorization token");
  }

  @Test
  void the_answers_reach_the_client_over_http() throws Exception {
    ComputeOperations ops = mock(ComputeOperations.class);
    when(ops.computeId()).thenReturn(COMPUTE_ID);
    when(ops.jwks()).thenReturn(jwks.get());
    when(ops.statusResponse()).thenReturn(new ComputeStatusResponse(null, null, null, ComputeStatus.EMPTY, null, null));
    try (ComputeHttpServer server = ComputeHttpServer.external(
            ops, HttpOptions.externalDefaults().withHost("127.0.0.1").withPort(0)).start()) {
      TestHttp http = new TestHttp(server);
      assertThat(http.get("/status").statusCode()).isEqualTo(400);
      assertThat(http.withToken("garbage").get("/status").statusCode()).isEqualTo(401);
      assertThat(http.withToken(TestTokens.sign(ed, Map.of())).get("/status").statusCode()).isEqualTo(403);
      assertThat(http.withToken(TestTokens.sign(rsa, Map.of("compute_id", COMPUTE_ID))).get("/status").statusCode())
          .isEqualTo(200);
    }
  }
}
