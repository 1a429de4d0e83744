package dev.computectl.core.internal.lifecycle;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The parts of the admin connstr ({@code postgresql://user[:password]@host:port/db}) that the
 * core needs itself: the admin role (never touched by the planner) and where pg_dump connects.
 * Sessions are opened by compute-sql's {@code JdbcConnectionFactory}.
 */
public final class AdminConnections {

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String database;

  private AdminConnections(String host, int port, String user, String password, String database) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.database = database;
  }

  /** @throws IllegalArgumentException naming what is wrong with the connstr */
  public static AdminConnections parse(String connstr) {
    URI uri;
    try {
      uri = URI.create(connstr);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("connstr is not a URL: " + e.getMessage(), e);
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException("connstr must start with postgresql://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("connstr has no host");
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null || userInfo.isEmpty()) {
      throw new IllegalArgumentException("connstr has no user");
    }
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    String path = uri.getPath();
    String db = path == null || path.length() <= 1 ? "postgres" : decode(path.substring(1));
    return new AdminConnections(
        uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, db);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  public String user() {
    return user;
  }

  /** The connstr's password, or null (pg_dump gets it through PGPASSWORD, never argv). */
  public String password() {
    return password;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String database() {
    return database;
  }
}
