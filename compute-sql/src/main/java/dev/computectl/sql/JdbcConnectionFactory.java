package dev.computectl.sql;

import dev.computectl.sql.internal.jdbc.UnixSocketFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Opens pgjdbc sessions from a libpq-style URL ({@code postgresql://user[:pw]@host[:port]/db?...}).
 * The database always travels as a connection property, never in the JDBC URL, so any database
 * name works. Every session is pinned: role, empty search_path, no statement timeout, read-write,
 * local synchronous commit, and the given application_name; statements use the simple query
 * protocol so that each statement of a batch is its own implicit transaction.
 */
public final class JdbcConnectionFactory implements ConnectionFactory {

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String defaultDatabase;
  private final String applicationName;
  private final String extraOptions;
  private final String socketDir;
  /** connectTimeout, loginTimeout and socketTimeout in seconds; 0 for the socket means none. */
  private int connectSeconds = 30;
  private int socketSeconds;

  private JdbcConnectionFactory(
      String host, int port, String user, String password, String defaultDatabase,
      String applicationName, String extraOptions, String socketDir) {
    this.socketDir = socketDir;
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.defaultDatabase = defaultDatabase;
    this.applicationName = applicationName;
    this.extraOptions = extraOptions;
  }

  /**
   * @param connstr a libpq URL; a {@code host} query parameter overrides the URL's host. A host
   *     that starts with {@code /} is a unix socket directory, reached through {@link
   *     UnixSocketFactory} at {@code <dir>/.s.PGSQL.<port>}
   * @param applicationName e.g. {@code compute_ctl:apply_config}
   */
  public static JdbcConnectionFactory fromConnstr(String connstr, String applicationName) {
    Objects.requireNonNull(connstr, "connstr");
    URI uri;
    try {
      uri = new URI(connstr);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("connstr is not a valid URL: " + e.getMessage(), e);
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException("connstr must start with postgresql:// or postgres://");
    }
    Map<String, String> query = query(uri.getRawQuery());
    // Parse the authority by hand: java.net.URI gives up on "user@" with an empty host.
    String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String[] parts = authority.substring(0, at).split(":", 2);
      user = parts[0].isEmpty() ? null : decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
      authority = authority.substring(at + 1);
    }
    String urlHost = null;
    String urlPort = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      urlHost = authority.substring(1, close);
      urlPort = authority.length() > close + 2 ? authority.substring(close + 2) : null;
    } else if (!authority.isEmpty()) {
      int colon = authority.indexOf(':');
      urlHost = colon < 0 ? authority : authority.substring(0, colon);
      urlPort = colon < 0 ? null : authority.substring(colon + 1);
    }
    user = query.getOrDefault("user", user);
    password = query.getOrDefault("password", password);
    String host = query.getOrDefault("host", urlHost == null || urlHost.isEmpty() ? "localhost" : decode(urlHost));
    String socketDir = null;
    if (host.startsWith("/")) {
      socketDir = host;
      host = "localhost";
    }
    int port;
    try {
      port = Integer.parseInt(query.getOrDefault("port", urlPort == null || urlPort.isEmpty() ? "5432" : urlPort));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("connstr has an invalid port", e);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String database = path.length() > 1 ? decode(path.substring(1)) : null;
    database = query.getOrDefault("dbname", database);
    if (user == null) {
      throw new IllegalArgumentException("connstr names no user");
    }
    return new JdbcConnectionFactory(
        host, port, user, password, database == null ? user : database,
        Objects.requireNonNull(applicationName, "applicationName"),
        query.getOrDefault("options", ""), socketDir);
  }

  /**
   * The same sessions with short timeouts, for probes that must not hang on a Postgres that
   * accepts TCP but never answers (a stopped postmaster): {@code timeout} bounds the TCP connect,
   * the whole login and every read of the session (pgjdbc's {@code connectTimeout}, {@code
   * loginTimeout}, {@code socketTimeout}; whole seconds, at least 1).
   */
  public JdbcConnectionFactory withTimeouts(java.time.Duration timeout) {
    int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
    JdbcConnectionFactory copy = new JdbcConnectionFactory(host, port, user, password,
        defaultDatabase, applicationName, extraOptions, socketDir);
    copy.connectSeconds = seconds;
    copy.socketSeconds = seconds;
    return copy;
  }

  /** The role sessions run as (the connstr's user). */
  public String user() {
    return user;
  }

  /** The connstr's own database. */
  public String defaultDatabase() {
    return defaultDatabase;
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  String socketDir() {
    return socketDir;
  }

  @Override
  public Connection open(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("PGDBNAME", database == null ? defaultDatabase : database);
    props.setProperty("ApplicationName", applicationName);
    props.setProperty("preferQueryMode", "simple");
    props.setProperty("logServerErrorDetail", "false");
    props.setProperty("connectTimeout", Integer.toString(connectSeconds));
    if (socketSeconds > 0) {
      props.setProperty("loginTimeout", Integer.toString(socketSeconds));
      props.setProperty("socketTimeout", Integer.toString(socketSeconds));
    }
    props.setProperty("options", sessionOptions());
    if (socketDir != null) {
      props.setProperty("socketFactory", UnixSocketFactory.class.getName());
      props.setProperty("socketFactoryArg", socketDir + "/.s.PGSQL." + port);
    }
    Connection conn = DriverManager.getConnection("jdbc:postgresql://" + hostPort() + "/", props);
    conn.setAutoCommit(true);
    return conn;
  }

  private String hostPort() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Startup options: ours first, then any from the connstr (which may override). */
  private String sessionOptions() {
    String pinned =
        "-c role=" + optionValue(user)
            + " -c search_path="
            + " -c statement_timeout=0"
            + " -c default_transaction_read_only=off"
            + " -c synchronous_commit=local"
            + " -c neon.forward_ddl=false"
            + " -c pgaudit.log=none";
    return extraOptions.isEmpty() ? pinned : pinned + " " + extraOptions;
  }

  /** Escapes a value for the startup {@code options} string (backslash before space/backslash). */
  static String optionValue(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == ' ' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    String where = socketDir == null ? hostPort() : socketDir + ":" + port;
    return "JdbcConnectionFactory[" + user + "@" + where + "/" + defaultDatabase + "]";
  }
}
