package dev.computectl.core.internal.state;

import dev.computectl.spec.ComputeStatus;
import java.util.Locale;

/**
 * Neon's status spellings that the wire model does not carry: PascalCase in the body of a refused
 * refresh (HTTP 500), kebab-case in logs and 412 bodies.
 */
public final class StatusSpelling {

  private StatusSpelling() {}

  /** {@code REFRESH_CONFIGURATION} -> {@code RefreshConfiguration}, as the 500 body spells it. */
  public static String pascalCase(ComputeStatus status) {
    StringBuilder out = new StringBuilder();
    for (String part : status.name().split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }
}
