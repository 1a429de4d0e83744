package dev.computectl.sql.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes the {@link CatalogSnapshot} the planner needs: one query per catalog on the main
 * connection ({@link #read}), and one query per database for its {@link DatabaseFacts.Known facts}
 * ({@link #databaseFacts}). Stateless and thread-safe. A row that cannot be read is an error, never
 * skipped: planning from a partial catalog could drop or recreate what it did not see.
 */
public final class CatalogReader {

  /** The SQLSTATE of a missing table. */
  static final String UNDEFINED_TABLE = "42P01";

  private static final String ROLES =
      "SELECT rolname, rolpassword FROM pg_catalog.pg_authid ORDER BY rolname";

  private static final String DATABASES =
      "SELECT d.datname, pg_catalog.pg_get_userbyid(d.datdba), d.datallowconn,"
          + " d.datconnlimit OPERATOR(pg_catalog.=) -2"
          + " FROM pg_catalog.pg_database d ORDER BY d.datname";

  private static final String SERVER =
      "SELECT pg_catalog.current_setting('server_version_num')::pg_catalog.int4,"
          + " EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname OPERATOR(pg_catalog.=) 'neon'),"
          + " pg_catalog.to_regclass('public.health_check') IS NOT NULL";

  private static final String INSTALLED =
      "SELECT e.extname, e.extversion, n.nspname FROM pg_catalog.pg_extension e"
          + " JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace";

  private static final String AVAILABLE =
      "SELECT name, default_version FROM pg_catalog.pg_available_extensions";

  private static final String SUBSCRIPTIONS_DONE =
      "SELECT 1 FROM neon.drop_subscriptions_done WHERE timeline_id OPERATOR(pg_catalog.=) ?";

  private static final String DEFAULT_ACL_COUNT =
      "(SELECT pg_catalog.count(*) FROM pg_catalog.pg_default_acl da"
          + " CROSS JOIN LATERAL pg_catalog.aclexplode(da.defaclacl) a"
          + " WHERE da.defaclnamespace OPERATOR(pg_catalog.=) n.oid"
          + " AND da.defaclrole OPERATOR(pg_catalog.=) (SELECT oid FROM pg_catalog.pg_roles"
          + "   WHERE rolname OPERATOR(pg_catalog.=) CURRENT_USER)"
          + " AND a.grantee OPERATOR(pg_catalog.=) (SELECT oid FROM pg_catalog.pg_roles"
          + "   WHERE rolname OPERATOR(pg_catalog.=) ?)"
          + " AND a.is_grantable AND da.defaclobjtype OPERATOR(pg_catalog.=) ?::pg_catalog.\"char\")";

  private static final String DATABASE_FACTS =
      "SELECT n.oid IS NOT NULL, pg_catalog.pg_get_userbyid(n.nspowner),"
          + " CASE WHEN n.oid IS NULL OR NOT EXISTS (SELECT FROM pg_catalog.pg_roles"
          + "   WHERE rolname OPERATOR(pg_catalog.=) 'web_access') THEN true"
          + "   ELSE pg_catalog.has_schema_privilege('web_access', n.oid, 'CREATE') END, "
          + DEFAULT_ACL_COUNT + ", " + DEFAULT_ACL_COUNT
          + " FROM (SELECT 1) AS one LEFT JOIN pg_catalog.pg_namespace n"
          + " ON n.nspname OPERATOR(pg_catalog.=) 'public'";

  private final String privilegedRole;

  public CatalogReader(String privilegedRole) {
    this.privilegedRole = Objects.requireNonNull(privilegedRole, "privilegedRole");
  }

  /** Every role with its stored password verifier (needs a superuser: reads pg_authid). */
  public Map<String, CatalogRole> roles(Connection conn) throws SQLException {
    Map<String, CatalogRole> roles = new LinkedHashMap<>();
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(ROLES)) {
      while (rs.next()) {
        String name = required(rs.getString(1), "pg_authid.rolname");
        roles.put(name, new CatalogRole(name, rs.getString(2)));
      }
    }
    return roles;
  }

  /** Every database with owner name, {@code restrict_conn} and {@code invalid}. */
  public Map<String, CatalogDatabase> databases(Connection conn) throws SQLException {
    Map<String, CatalogDatabase> databases = new LinkedHashMap<>();
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(DATABASES)) {
      while (rs.next()) {
        String name = required(rs.getString(1), "pg_database.datname");
        String owner = required(rs.getString(2), "owner of database " + name);
        databases.put(name, new CatalogDatabase(name, owner, !rs.getBoolean(3), rs.getBoolean(4)));
      }
    }
    return databases;
  }

  /**
   * Everything read on the main connection. {@code timelineId} is only used when subscriptions are
   * to be dropped before start: present means "check whether that was done for this timeline".
   */
  public CatalogSnapshot read(Connection conn, Optional<String> timelineId) throws SQLException {
    int version;
    boolean neonSchema;
    boolean healthCheck;
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(SERVER)) {
      rs.next();
      version = rs.getInt(1);
      neonSchema = rs.getBoolean(2);
      healthCheck = rs.getBoolean(3);
    }
    Map<String, InstalledExtension> installed = new HashMap<>();
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(INSTALLED)) {
      while (rs.next()) {
        installed.put(rs.getString(1), new InstalledExtension(rs.getString(1), rs.getString(2), rs.getString(3)));
      }
    }
    Map<String, String> available = new HashMap<>();
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(AVAILABLE)) {
      while (rs.next()) {
        available.put(required(rs.getString(1), "pg_available_extensions.name"), Objects.toString(rs.getString(2), ""));
      }
    }
    boolean dropped = timelineId.isPresent() && subscriptionsDropped(conn, timelineId.get());
    return new CatalogSnapshot(
        roles(conn), databases(conn), Map.of(), installed, available, version, neonSchema, healthCheck, dropped);
  }

  /** Whether subscriptions were already dropped for this timeline (no table: not yet). */
  public boolean subscriptionsDropped(Connection conn, String timelineId) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(SUBSCRIPTIONS_DONE)) {
      ps.setString(1, timelineId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      if (UNDEFINED_TABLE.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  /** The per-database facts of the database {@code conn} is connected to. */
  public DatabaseFacts.Known databaseFacts(Connection conn, int serverVersionNum) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(DATABASE_FACTS)) {
      ps.setString(1, privilegedRole);
      ps.setString(2, "r");
      ps.setString(3, privilegedRole);
      ps.setString(4, "S");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        // ALL on tables is seven privileges, eight once MAINTAIN exists (17); on sequences three.
        int tablePrivileges = serverVersionNum >= 170000 ? 8 : 7;
        boolean granted = rs.getLong(4) >= tablePrivileges && rs.getLong(5) >= 3;
        return new DatabaseFacts.Known(rs.getBoolean(1), rs.getString(2), rs.getBoolean(3), granted);
      }
    }
  }

  private static String required(String value, String what) throws SQLException {
    if (value == null) {
      throw new SQLException("catalog row without " + what);
    }
    return value;
  }
}
