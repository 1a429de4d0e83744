package dev.computectl.sql.plan;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Spec passwords versus stored verifiers, so that an unchanged password is never altered (the
 * catalog holds {@code md5} + hash where the spec holds the bare hash; comparing the raw strings
 * would alter every md5 role on every apply). A spec value is either a SCRAM verifier,
 * stored as given, or an md5 hash without its prefix, stored as {@code md5} + hash.
 *
 * <p>Any other value is sent, as Neon sends it, as {@code 'md5' + value}, which Postgres takes as
 * a cleartext password and hashes with a random salt. Such a role is compared by deriving what
 * Postgres stored from that cleartext: the SCRAM keys with the stored salt and iteration count, or
 * {@code md5(cleartext + role name)}; a match sends nothing.
 */
final class Passwords {

  private static final Pattern MD5_HASH = Pattern.compile("[0-9a-f]{32}");
  private static final String SCRAM_PREFIX = "SCRAM-SHA-256";
  /** {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, base64 parts. */
  private static final Pattern SCRAM_VERIFIER = Pattern.compile(
      "SCRAM-SHA-256\\$([0-9]{1,9}):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");
  private static final Pattern STORED_MD5 = Pattern.compile("md5[0-9a-f]{32}");

  private Passwords() {}

  /** What {@code pg_authid.rolpassword} holds after setting this spec password. */
  static String toStored(String specPassword) {
    if (specPassword == null) {
      return null;
    }
    return specPassword.startsWith(SCRAM_PREFIX) ? specPassword : "md5" + specPassword;
  }

  /** Whether the stored verifier already is what the spec asks for (md5 and SCRAM values only). */
  static boolean matches(String stored, String specPassword) {
    return Objects.equals(stored, toStored(specPassword));
  }

  /**
   * Whether the stored verifier already is what the spec asks for; for a cleartext spec value,
   * whether the stored verifier was made from it (see the class comment).
   */
  static boolean matches(String stored, String specPassword, String roleName) {
    if (matches(stored, specPassword)) {
      return true;
    }
    if (stored == null || !looksUnusual(specPassword)) {
      return false;
    }
    return verifies(stored, toStored(specPassword), roleName);
  }

  /** Whether {@code stored} (a SCRAM or md5 verifier) was made from {@code cleartext}. */
  static boolean verifies(String stored, String cleartext, String roleName) {
    if (STORED_MD5.matcher(stored).matches()) {
      return MessageDigest.isEqual(
          stored.substring(3).getBytes(StandardCharsets.US_ASCII),
          md5Hex(cleartext + roleName).getBytes(StandardCharsets.US_ASCII));
    }
    Matcher m = SCRAM_VERIFIER.matcher(stored);
    if (!m.matches()) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(m.group(1));
      byte[] salt = Base64.getDecoder().decode(m.group(2));
      byte[] storedKey = Base64.getDecoder().decode(m.group(3));
      byte[] serverKey = Base64.getDecoder().decode(m.group(4));
      byte[] password = saslPrep(cleartext).getBytes(StandardCharsets.UTF_8);
      if (password.length == 0 || iterations < 1) {
        return false;
      }
      byte[] salted = hi(password, salt, iterations);
      byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
      byte[] derivedStoredKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
      byte[] derivedServerKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
      return MessageDigest.isEqual(storedKey, derivedStoredKey)
          && MessageDigest.isEqual(serverKey, derivedServerKey);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false; // unreadable verifier: not a match, the password is set again
    }
  }

  /** Whether the value looks like neither an md5 hash nor a SCRAM verifier (worth a warning). */
  static boolean looksUnusual(String specPassword) {
    return specPassword != null
        && !specPassword.startsWith(SCRAM_PREFIX)
        && !MD5_HASH.matcher(specPassword).matches();
  }

  /**
   * RFC 4013 SASLprep as Postgres applies it before hashing, in the part that matters for
   * passwords: non-ASCII spaces become a space, "commonly mapped to nothing" characters go, then
   * NFKC. Pure ASCII is unchanged. When Postgres would refuse to normalise (prohibited
   * characters) it hashes the raw bytes; then the derivation here differs and the password is
   * simply set again, which is safe.
   */
  private static String saslPrep(String password) {
    boolean ascii = password.chars().allMatch(c -> c < 0x80);
    if (ascii) {
      return password;
    }
    StringBuilder mapped = new StringBuilder(password.length());
    password.codePoints().forEach(cp -> {
      if (cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
          || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F)
          || cp == 0xFEFF) {
        return; // mapped to nothing
      }
      if (cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F
          || cp == 0x205F || cp == 0x3000) {
        mapped.append(' ');
        return;
      }
      mapped.appendCodePoint(cp);
    });
    return Normalizer.normalize(mapped, Normalizer.Form.NFKC);
  }

  /** PBKDF2-HMAC-SHA-256 with one block, as SCRAM's Hi(). */
  private static byte[] hi(byte[] password, byte[] salt, int iterations)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(password, "HmacSHA256"));
    mac.update(salt);
    byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
    byte[] result = u.clone();
    for (int i = 1; i < iterations; i++) {
      u = mac.doFinal(u);
      for (int j = 0; j < result.length; j++) {
        result[j] ^= u[j];
      }
    }
    return result;
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static String md5Hex(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
  }
}
