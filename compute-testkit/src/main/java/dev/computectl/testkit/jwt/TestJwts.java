package dev.computectl.testkit.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.computectl.spec.ComputeCtlConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * One signing key for tests, with its public JWK set and a token builder. The default is what
 * Neon's local tooling makes: Ed25519 ({@code kty} OKP, {@code alg} EdDSA, {@code use} sig, {@code
 * key_ops} [verify]) with {@code kid} = base64url(SHA-256(public key)). {@link #rs256()} gives an
 * RSA key instead, which switches compute_ctl to RS256 for the whole key set.
 *
 * <p>Instances are immutable and independent: create one per compute or per test.
 */
public final class TestJwts {

  /** The scope that skips the {@code compute_id} check (when {@code aud} contains "compute"). */
  public static final String ADMIN_SCOPE = "compute_ctl:admin";

  /** The audience an admin token must carry. */
  public static final String COMPUTE_AUDIENCE = "compute";

  // X.509 SubjectPublicKeyInfo and PKCS#8 prefixes of a JDK Ed25519 key; the raw key follows.
  private static final int ED25519_RAW_LENGTH = 32;

  private final JWK privateJwk;
  private final JWK publicJwk;
  private final JWSSigner signer;
  private final JWSAlgorithm algorithm;

  private TestJwts(JWK privateJwk, JWSSigner signer, JWSAlgorithm algorithm) {
    this.privateJwk = privateJwk;
    this.publicJwk = privateJwk.toPublicJWK();
    this.signer = signer;
    this.algorithm = algorithm;
  }

  /** A fresh Ed25519 key (JDK key generator; signing through nimbus + Tink). */
  public static TestJwts ed25519() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] x = lastBytes(pair.getPublic().getEncoded(), ED25519_RAW_LENGTH);
      byte[] d = lastBytes(pair.getPrivate().getEncoded(), ED25519_RAW_LENGTH);
      OctetKeyPair jwk =
          new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x))
              .d(Base64URL.encode(d))
              .keyID(kidOf(x))
              .algorithm(JWSAlgorithm.EdDSA)
              .keyUse(KeyUse.SIGNATURE)
              .keyOperations(Set.of(KeyOperation.VERIFY))
              .build();
      return new TestJwts(jwk, new Ed25519Signer(jwk), JWSAlgorithm.EdDSA);
    } catch (GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException("cannot create an Ed25519 test key", e);
    }
  }

  /** A fresh 2048-bit RSA key; a key set holding it makes compute_ctl verify with RS256. */
  public static TestJwts rs256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
      RSAKey jwk =
          new RSAKey.Builder(publicKey)
              .privateKey((RSAPrivateKey) pair.getPrivate())
              .keyID(kidOf(publicKey.getEncoded()))
              .algorithm(JWSAlgorithm.RS256)
              .keyUse(KeyUse.SIGNATURE)
              .keyOperations(Set.of(KeyOperation.VERIFY))
              .build();
      return new TestJwts(jwk, new RSASSASigner(jwk), JWSAlgorithm.RS256);
    } catch (GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException("cannot create an RSA test key", e);
    }
  }

  public String kid() {
    return publicJwk.getKeyID();
  }

  public JWSAlgorithm algorithm() {
    return algorithm;
  }

  /** The public key only; never the private part. */
  public JWK publicJwk() {
    return publicJwk;
  }

  /** {@code {"keys": [<public JWK>]}} as JSON text. */
  public String jwksJson() {
    return new JWKSet(publicJwk).toString(true);
  }

  /** The JWK set as a Jackson tree, the shape {@link ComputeCtlConfig#jwks()} holds. */
  public JsonNode jwks() {
    return parse(jwksJson());
  }

  /** {@code compute_ctl_config} trusting this key, without TLS. */
  public ComputeCtlConfig ctlConfig() {
    return new ComputeCtlConfig(jwks(), null);
  }

  /** A JWK set trusting several keys (e.g. an Ed25519 and an RSA key). */
  public static JsonNode jwksOf(TestJwts... keys) {
    List<JWK> jwks = Arrays.stream(keys).map(TestJwts::publicJwk).toList();
    return parse(new JWKSet(jwks).toString(true));
  }

  /**
   * A builder for a token signed by this key; by default it has no claims but a 1 h {@code exp}.
   */
  public TokenBuilder token() {
    return new TokenBuilder(this);
  }

  /** A token the control plane would use: admin scope, {@code aud: ["compute"]}. */
  public String adminToken() {
    return token().adminScope().audience(COMPUTE_AUDIENCE).sign();
  }

  /** A token for one compute: {@code compute_id} only. */
  public String computeToken(String computeId) {
    return token().computeId(computeId).sign();
  }

  String sign(ObjectNode claims) {
    JWSHeader header = new JWSHeader.Builder(algorithm).keyID(kid()).build();
    JWSObject jws = new JWSObject(header, new Payload(claims.toString()));
    try {
      jws.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a test token", e);
    }
    return jws.serialize();
  }

  /** The private JWK, for tests that need to sign something unusual themselves. */
  public JWK privateJwk() {
    return privateJwk;
  }

  private static String kidOf(byte[] publicKey) throws GeneralSecurityException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  private static byte[] lastBytes(byte[] encoded, int length) {
    return Arrays.copyOfRange(encoded, encoded.length - length, encoded.length);
  }

  private static JsonNode parse(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode emptyClaims() {
    return JsonNodeFactory.instance.objectNode();
  }
}
