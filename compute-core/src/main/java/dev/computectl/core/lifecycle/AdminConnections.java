package dev.computectl.core.lifecycle;

import dev.computectl.sql.ConnectionFactory;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens JDBC sessions from the admin connstr ({@code postgresql://user[:password]@host:port/db}).
 * Each session is tagged with an application name so the monitor can tell its own backend apart
 * and an operator can see who is connected.
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

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String database() {
    return database;
  }

  /** A factory whose sessions carry {@code applicationName}. */
  public ConnectionFactory factory(String applicationName) {
    return db -> open(db, applicationName);
  }

  public Connection open(String db, String applicationName) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", applicationName);
    props.setProperty("connectTimeout", "10");
    // Pin what a user-level setting could otherwise break for compute_ctl's own sessions.
    props.setProperty(
        "options", "-c default_transaction_read_only=off -c statement_timeout=0 -c search_path=");
    String url =
        "jdbc:postgresql://" + hostForUrl() + ":" + port + "/"
            + java.net.URLEncoder.encode(db == null ? database : db, StandardCharsets.UTF_8);
    return DriverManager.getConnection(url, props);
  }

  private String hostForUrl() {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
