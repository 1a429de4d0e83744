package dev.computectl.core.internal.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.computectl.spec.SpecJson;
import dev.computectl.sql.SqlQuoting;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code /insights}: the pg_stat_statements rows Neon's control plane reads, chosen and ordered as
 * Neon does (the slowest statements by mean execution plus planning time, at most {@link #LIMIT},
 * without those of the admin role compute_ctl itself connects as), each row as Postgres's own
 * {@code row_to_json} renders it.
 */
final class Insights {

  static final int LIMIT = 100;

  private static final ObjectMapper MAPPER = SpecJson.mapper();

  private Insights() {}

  /** {@code {"pg_stat_statements": [...]}}; an empty list when the extension is not installed. */
  static ObjectNode read(Connection c) throws SQLException {
    ObjectNode out = MAPPER.createObjectNode();
    ArrayNode rows = out.putArray("pg_stat_statements");
    try (Statement st = c.createStatement()) {
      // Neon reads public.pg_stat_statements; we read it where the extension is installed (public
      // unless someone chose another schema), since our sessions have an empty search_path.
      String schema;
      try (ResultSet rs = st.executeQuery(
          "SELECT n.nspname FROM pg_catalog.pg_extension e"
              + " JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace"
              + " WHERE e.extname OPERATOR(pg_catalog.=) 'pg_stat_statements'")) {
        if (!rs.next()) {
          return out;
        }
        schema = rs.getString(1);
      }
      try (ResultSet rs = st.executeQuery(query(schema))) {
        while (rs.next()) {
          rows.add(parse(rs.getString(1)));
        }
      }
    }
    return out;
  }

  /**
   * The admin role is the session's own user (Neon names {@code cloud_admin}, our default admin),
   * looked up by name so a missing role cannot fail the query.
   */
  static String query(String schema) {
    return "SELECT pg_catalog.row_to_json(pss) FROM " + SqlQuoting.ident(schema)
        + ".pg_stat_statements pss"
        + " WHERE pss.userid OPERATOR(pg_catalog.<>) ALL (SELECT r.oid FROM pg_catalog.pg_roles r"
        + " WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER)"
        + " ORDER BY (pss.mean_exec_time OPERATOR(pg_catalog.+) pss.mean_plan_time) DESC"
        + " LIMIT " + LIMIT;
  }

  private static ObjectNode parse(String json) throws SQLException {
    try {
      return (ObjectNode) MAPPER.readTree(json);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new SQLException("row_to_json gave no JSON object: " + e.getMessage(), e);
    }
  }
}
