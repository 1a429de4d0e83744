package dev.computectl.core.internal.postgres;

import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeFeature;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.TlsConfig;
import java.util.Locale;
import java.util.Set;

/**
 * When Postgres serves TLS, and whether it must. As in Neon, the files of {@code
 * compute_ctl_config.tls} are used only when the spec also has the feature {@code
 * tls_experimental}. Requiring TLS has no Neon counterpart: the spec's setting {@value
 * #REQUIRE_SETTING} (a bool) makes {@code pg_hba.conf} accept password logins over TCP only with
 * TLS.
 */
public final class TlsPolicy {

  /** The cluster setting that makes TLS mandatory for password logins over TCP. */
  public static final String REQUIRE_SETTING = "compute_ctl.require_tls";
  private static final Set<String> TRUE = Set.of("on", "true", "yes", "1", "t", "y");

  private TlsPolicy() {}

  /** The TLS files Postgres uses for this spec, or null. */
  public static TlsConfig effective(ComputeSpec spec, ComputeCtlConfig config) {
    TlsConfig tls = config == null ? null : config.tls();
    return tls != null && spec.features().contains(ComputeFeature.TLS_EXPERIMENTAL) ? tls : null;
  }

  /** Why TLS files are configured but not used, or null when there is nothing to say. */
  public static String ignoredWarning(ComputeSpec spec, ComputeCtlConfig config) {
    if (config != null && config.tls() != null && effective(spec, config) == null) {
      return "compute_ctl_config.tls is set, but the spec lacks the feature tls_experimental:"
          + " Postgres serves without TLS";
    }
    return null;
  }

  /** Whether the spec sets {@value #REQUIRE_SETTING} to a true bool. */
  public static boolean required(ComputeSpec spec) {
    return spec.cluster().setting(REQUIRE_SETTING)
        .map(v -> TRUE.contains(v.strip().toLowerCase(Locale.ROOT)))
        .orElse(false);
  }
}
