package dev.computectl.sql.internal.facts;

import static dev.computectl.sql.SqlQuoting.ident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Where {@link SettledDatabases} survive a restart: a table in the database the main session
 * connects to, so a new compute_ctl process (or a restored copy of the cluster) knows what an
 * earlier apply settled without opening a session to every database. What it stores is only a
 * claim: each row is the key a database was settled under, and a new applier trusts a row only
 * while the key computed from the shared catalogs now is the same, exactly as it trusts its own
 * memory.
 *
 * <p>The schema belongs to the admin role and no one else may use it, so a spec role cannot
 * forge a claim. Bookkeeping writes happen only when the settled set changes: an apply that sends
 * statements clears the table first (a crash during the apply leaves no claim about state it may
 * have half changed), and a successful apply stores the new set.
 */
final class SettledMarksTable {

  static final String SCHEMA = "compute_ctl";
  static final String TABLE = SCHEMA + ".settled_databases";

  private static final String EXISTS = "SELECT pg_catalog.to_regclass('" + TABLE + "') IS NOT NULL";

  private SettledMarksTable() {}

  /** The stored keys by database name; empty when nothing was ever stored. */
  static Map<String, String> load(Connection conn) throws SQLException {
    Map<String, String> keys = new HashMap<>();
    if (!exists(conn)) {
      return keys;
    }
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT datname, settled_key FROM " + TABLE)) {
      while (rs.next()) {
        keys.put(rs.getString(1), rs.getString(2));
      }
    }
    return keys;
  }

  /** Removes every claim (before an apply changes anything). */
  static void clear(Connection conn) throws SQLException {
    if (exists(conn)) {
      try (Statement st = conn.createStatement()) {
        st.execute("DELETE FROM " + TABLE);
      }
    }
  }

  /** Replaces the stored claims with {@code keys}, in one transaction. */
  static void store(Connection conn, Map<String, String> keys, String adminRole) throws SQLException {
    boolean create = !exists(conn);
    conn.setAutoCommit(false);
    try (Statement st = conn.createStatement()) {
      if (create) {
        st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        st.execute("ALTER SCHEMA " + SCHEMA + " OWNER TO " + ident(adminRole));
        st.execute("REVOKE ALL ON SCHEMA " + SCHEMA + " FROM PUBLIC");
        st.execute("CREATE TABLE IF NOT EXISTS " + TABLE
            + " (datname pg_catalog.text PRIMARY KEY, settled_key pg_catalog.text NOT NULL)");
        st.execute("REVOKE ALL ON " + TABLE + " FROM PUBLIC");
      }
      st.execute("DELETE FROM " + TABLE);
      if (!keys.isEmpty()) {
        try (PreparedStatement ps =
            conn.prepareStatement("INSERT INTO " + TABLE + " (datname, settled_key) VALUES (?, ?)")) {
          for (Map.Entry<String, String> e : keys.entrySet()) {
            ps.setString(1, e.getKey());
            ps.setString(2, e.getValue());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      conn.commit();
    } catch (SQLException e) {
      conn.rollback();
      throw e;
    } finally {
      conn.setAutoCommit(true);
    }
  }

  private static boolean exists(Connection conn) throws SQLException {
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(EXISTS)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
