package dev.computectl.launcher;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Database;
import java.net.URI;
import java.util.Optional;

/** The {@code psql} command an operator can paste to reach the compute. Never holds a password. */
final class PsqlHint {

  private PsqlHint() {}

  /**
   * Connects as the owner of the spec's first database, into that database; without one, as the
   * admin role of the connstr into its database. psql asks for the password.
   */
  static String of(URI connstr, Optional<ComputeSpec> spec) {
    String host = connstr.getHost() == null ? "127.0.0.1" : connstr.getHost();
    int port = connstr.getPort() < 0 ? ConnectionSettings.DEFAULT_PG_PORT : connstr.getPort();
    Optional<Database> first = spec.flatMap(s -> s.cluster().databases().stream().findFirst());
    String user = first.map(Database::owner).orElse(user(connstr));
    String database = first.map(Database::name).orElse(database(connstr));
    return "psql -h " + host + " -p " + port + " -U " + shellWord(user) + " "
        + shellWord(database);
  }

  private static String user(URI connstr) {
    String info = connstr.getUserInfo();
    if (info == null || info.isEmpty()) {
      return LaunchOptions.DEFAULT_ADMIN_ROLE;
    }
    return info.contains(":") ? info.substring(0, info.indexOf(':')) : info;
  }

  private static String database(URI connstr) {
    String path = connstr.getPath();
    return path == null || path.length() <= 1 ? "postgres" : path.substring(1);
  }

  /** Quotes a word for a POSIX shell when it holds anything but safe characters. */
  static String shellWord(String word) {
    if (word.matches("[A-Za-z0-9_.-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
