package dev.computectl.core;

import dev.computectl.core.internal.lifecycle.AdminConnections;
import dev.computectl.core.port.PgBinaries;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the compute's Postgres lives and how compute_ctl reaches it.
 *
 * @param pgdata the data directory; compute_ctl owns it (a start may replace it)
 * @param connstr the admin connection string, e.g. {@code
 *     postgresql://cloud_admin@127.0.0.1:55432/postgres}; its user is the admin role, its port
 *     the server's port unless the spec sets one
 * @param binaries the Postgres installation; null only when {@link TestSeams#platform()} replaces
 *     the whole Postgres layer
 * @param templateCacheDir where the default PGDATA source keeps its initdb templates; null runs
 *     initdb on every start
 * @param socketDir {@code unix_socket_directories}; null keeps Postgres's default
 * @param listenAddress {@code listen_addresses}; wins over the spec's settings
 * @param environment extra environment of the postmaster
 * @param privilegedRoleName the "weak superuser" role the spec's roles get; it goes into SQL
 *     unquoted, so it must match {@code ^[a-z_]+$}
 */
public record PostgresOptions(
    Path pgdata,
    String connstr,
    PgBinaries binaries,
    Path templateCacheDir,
    Path socketDir,
    String listenAddress,
    Map<String, String> environment,
    String privilegedRoleName) {

  public static final String DEFAULT_PRIVILEGED_ROLE = "neon_superuser";
  private static final Pattern PRIVILEGED_ROLE = Pattern.compile("^[a-z_]+$");

  public PostgresOptions {
    Objects.requireNonNull(pgdata, "pgdata");
    Objects.requireNonNull(connstr, "connstr");
    AdminConnections.parse(connstr); // names what is wrong with it
    Objects.requireNonNull(listenAddress, "listenAddress");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(privilegedRoleName, "privilegedRoleName");
    if (!PRIVILEGED_ROLE.matcher(privilegedRoleName).matches()) {
      throw new IllegalArgumentException(
          "privilegedRoleName must match ^[a-z_]+$: " + privilegedRoleName);
    }
  }

  /** PGDATA, the admin connstr and the binaries; no template cache, loopback only. */
  public static PostgresOptions of(Path pgdata, String connstr, PgBinaries binaries) {
    return new PostgresOptions(pgdata, connstr, binaries, null, null, "127.0.0.1", Map.of(),
        DEFAULT_PRIVILEGED_ROLE);
  }

  /** The role of the admin connstr. */
  public String adminRole() {
    return AdminConnections.parse(connstr).user();
  }

  public PostgresOptions withTemplateCache(Path dir) {
    return new PostgresOptions(pgdata, connstr, binaries, dir, socketDir, listenAddress,
        environment, privilegedRoleName);
  }

  public PostgresOptions withSocketDir(Path dir) {
    return new PostgresOptions(pgdata, connstr, binaries, templateCacheDir, dir, listenAddress,
        environment, privilegedRoleName);
  }

  public PostgresOptions withListenAddress(String value) {
    return new PostgresOptions(pgdata, connstr, binaries, templateCacheDir, socketDir, value,
        environment, privilegedRoleName);
  }

  public PostgresOptions withEnvironment(Map<String, String> value) {
    return new PostgresOptions(pgdata, connstr, binaries, templateCacheDir, socketDir,
        listenAddress, value, privilegedRoleName);
  }

  public PostgresOptions withPrivilegedRole(String value) {
    return new PostgresOptions(pgdata, connstr, binaries, templateCacheDir, socketDir,
        listenAddress, environment, value);
  }
}
