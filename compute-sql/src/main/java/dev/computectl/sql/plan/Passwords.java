package dev.computectl.sql.plan;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Spec passwords versus stored verifiers, so that an unchanged password is never altered (the
 * catalog holds {@code md5} + hash where the spec holds the bare hash; comparing the raw strings
 * would alter every md5 role on every apply). A spec value is either a SCRAM verifier,
 * stored as given, or an md5 hash without its prefix, stored as {@code md5} + hash.
 */
final class Passwords {

  private static final Pattern MD5_HASH = Pattern.compile("[0-9a-f]{32}");
  private static final String SCRAM_PREFIX = "SCRAM-SHA-256";

  private Passwords() {}

  /** What {@code pg_authid.rolpassword} holds after setting this spec password. */
  static String toStored(String specPassword) {
    if (specPassword == null) {
      return null;
    }
    return specPassword.startsWith(SCRAM_PREFIX) ? specPassword : "md5" + specPassword;
  }

  /** Whether the stored verifier already is what the spec asks for. */
  static boolean matches(String stored, String specPassword) {
    return Objects.equals(stored, toStored(specPassword));
  }

  /** Whether the value looks like neither an md5 hash nor a SCRAM verifier (worth a warning). */
  static boolean looksUnusual(String specPassword) {
    return specPassword != null
        && !specPassword.startsWith(SCRAM_PREFIX)
        && !MD5_HASH.matcher(specPassword).matches();
  }
}
