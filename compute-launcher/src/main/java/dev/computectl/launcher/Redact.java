package dev.computectl.launcher;

import java.net.URI;
import java.util.regex.Pattern;

/** Removes secrets from values that are about to be logged. */
final class Redact {

  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)(password=)[^&\\s]*");

  private Redact() {}

  /** A URL with the password of its user info and any {@code password=} parameter masked. */
  static String connstr(URI uri) {
    String text = uri.toString();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && userInfo.contains(":")) {
      String user = userInfo.substring(0, userInfo.indexOf(':'));
      text = text.replace(userInfo + "@", user + ":***@");
    }
    return PASSWORD_PARAM.matcher(text).replaceAll("$1***");
  }
}
