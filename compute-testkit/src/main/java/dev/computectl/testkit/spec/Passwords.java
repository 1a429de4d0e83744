package dev.computectl.testkit.spec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two password forms a spec role carries, computed from a plain test password: Neon's md5 hash
 * (32 hex characters, without the {@code md5} prefix) and a SCRAM-SHA-256 verifier in Postgres's
 * stored format. Either lets a test log in with the plain password.
 */
public final class Passwords {

  private static final int SCRAM_ITERATIONS = 4096;
  private static final int SCRAM_SALT_BYTES = 16;

  private Passwords() {}

  /** {@code md5(password + roleName)} as lower-case hex, the form Neon specs carry. */
  public static String md5(String password, String roleName) {
    try {
      byte[] digest =
          MessageDigest.getInstance("MD5")
              .digest((password + roleName).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
  }

  /**
   * {@code SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>} with a random salt (RFC 5802/7677; no
   * SASLprep, so use ASCII test passwords).
   */
  public static String scramSha256(String password) {
    byte[] salt = new byte[SCRAM_SALT_BYTES];
    new SecureRandom().nextBytes(salt);
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, SCRAM_ITERATIONS, 256);
      byte[] salted =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      byte[] clientKey = hmac(salted, "Client Key");
      byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
      byte[] serverKey = hmac(salted, "Server Key");
      Base64.Encoder b64 = Base64.getEncoder();
      return "SCRAM-SHA-256$"
          + SCRAM_ITERATIONS
          + ":"
          + b64.encodeToString(salt)
          + "$"
          + b64.encodeToString(storedKey)
          + ":"
          + b64.encodeToString(serverKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot compute a SCRAM verifier", e);
    }
  }

  private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
  }
}
