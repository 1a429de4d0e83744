package dev.computectl.core.state;

import dev.computectl.spec.ComputeStatus;
import java.util.Locale;

/** The status spelling the wire model does not carry (reference §4.1). */
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
