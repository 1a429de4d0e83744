package dev.computectl.launcher;

import dev.computectl.spec.ComputeSpec;
import java.net.URI;
import java.util.Optional;

/** How compute_ctl reaches its own Postgres when {@code --connstr} leaves parts out. */
final class ConnectionSettings {

  static final int DEFAULT_PG_PORT = 5432;

  private ConnectionSettings() {}

  /** The user of {@code --connstr}, else {@value LaunchOptions#DEFAULT_ADMIN_ROLE}. */
  static String adminRole(LaunchOptions options) {
    return options.connstr()
        .map(URI::getUserInfo)
        .map(info -> info.contains(":") ? info.substring(0, info.indexOf(':')) : info)
        .filter(user -> !user.isEmpty())
        .orElse(LaunchOptions.DEFAULT_ADMIN_ROLE);
  }

  /** {@code --pg-port}, else the spec's {@code port} setting, else 5432. */
  static int pgPort(LaunchOptions options, Optional<ComputeSpec> spec) {
    return options.pgPort()
        .or(() -> spec.flatMap(s -> s.cluster().setting("port")).map(ConnectionSettings::port))
        .orElse(DEFAULT_PG_PORT);
  }

  /** {@code --connstr}, else {@code postgresql://cloud_admin@127.0.0.1:<port>/postgres}. */
  static URI connstr(LaunchOptions options, Optional<ComputeSpec> spec) {
    return options.connstr().orElseGet(() -> URI.create("postgresql://"
        + LaunchOptions.DEFAULT_ADMIN_ROLE + "@127.0.0.1:" + pgPort(options, spec)
        + "/postgres"));
  }

  private static int port(String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      // SpecValidator reports the bad value with its path; here only the default matters.
      return DEFAULT_PG_PORT;
    }
  }
}
