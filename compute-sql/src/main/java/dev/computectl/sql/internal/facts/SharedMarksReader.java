package dev.computectl.sql.internal.facts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Reads every database's {@link SharedMarks} from the shared catalogs, on the main session. */
public final class SharedMarksReader {

  /**
   * The two roles the marks name, and whether the privileged role's default-ACL grants are tracked
   * in the shared pg_shdepend: grants to pinned roles (bootstrap objects, oid below
   * FirstNormalObjectId) and to the ACL's own role are not.
   */
  private static final String MARKED_ROLES =
      "SELECT rolname, oid, oid OPERATOR(pg_catalog.>=) 16384 AND rolname OPERATOR(pg_catalog.<>) CURRENT_USER"
          + " FROM pg_catalog.pg_authid"
          + " WHERE rolname OPERATOR(pg_catalog.=) ANY (ARRAY[?, 'web_access']::pg_catalog.name[])";

  private static final String SHDEPEND_ROWS =
      " FROM pg_catalog.pg_shdepend s"
          + " WHERE s.dbid OPERATOR(pg_catalog.=) d.oid"
          + " AND s.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_authid'::pg_catalog.regclass";

  private static final String DATABASE_MARKS =
      "SELECT d.datname, d.oid, d.datallowconn AND d.datconnlimit OPERATOR(pg_catalog.<>) -2,"
          + " COALESCE((SELECT pg_catalog.string_agg(pg_catalog.format('%s:%s:%s:%s:%s',"
          + "     s.classid, s.objid, s.objsubid, s.refobjid, s.deptype), ' '"
          + "     ORDER BY s.classid, s.objid, s.objsubid, s.refobjid, s.deptype)"
          + SHDEPEND_ROWS
          + "   AND s.classid OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.pg_default_acl'::pg_catalog.regclass,"
          + "     'pg_catalog.pg_namespace'::pg_catalog.regclass])"
          + "   AND s.refobjid OPERATOR(pg_catalog.=) ANY (SELECT oid FROM pg_catalog.pg_authid"
          + "     WHERE rolname OPERATOR(pg_catalog.=) ANY (ARRAY[?, 'web_access']::pg_catalog.name[]))), ''),"
          + " EXISTS (SELECT" + SHDEPEND_ROWS
          + "   AND s.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_default_acl'::pg_catalog.regclass"
          + "   AND s.deptype OPERATOR(pg_catalog.=) 'a'"
          + "   AND s.refobjid OPERATOR(pg_catalog.=) (SELECT oid FROM pg_catalog.pg_authid"
          + "     WHERE rolname OPERATOR(pg_catalog.=) ?))"
          + " FROM pg_catalog.pg_database d";

  private final String privilegedRole;

  public SharedMarksReader(String privilegedRole) {
    this.privilegedRole = Objects.requireNonNull(privilegedRole, "privilegedRole");
  }

  /** Every database's marks, on any connection. */
  public SharedMarks read(Connection conn) throws SQLException {
    long privOid = 0;
    boolean privTracked = true; // a role that does not exist yet is named nowhere: provably
    long webAccessOid = 0;
    try (PreparedStatement ps = conn.prepareStatement(MARKED_ROLES)) {
      ps.setString(1, privilegedRole);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (privilegedRole.equals(rs.getString(1))) {
            privOid = rs.getLong(2);
            privTracked = rs.getBoolean(3);
          } else {
            webAccessOid = rs.getLong(2);
          }
        }
      }
    }
    Map<String, SharedMarks.Mark> marks = new HashMap<>();
    try (PreparedStatement ps = conn.prepareStatement(DATABASE_MARKS)) {
      ps.setString(1, privilegedRole);
      ps.setString(2, privilegedRole);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = required(rs.getString(1), "pg_database.datname");
          marks.put(name, new SharedMarks.Mark(rs.getLong(2), rs.getBoolean(3),
              required(rs.getString(4), "dependencies of " + name), rs.getBoolean(5)));
        }
      }
    }
    return new SharedMarks(marks, privOid, privTracked, webAccessOid);
  }

  private static String required(String value, String what) throws SQLException {
    if (value == null) {
      throw new SQLException("catalog row without " + what);
    }
    return value;
  }
}
