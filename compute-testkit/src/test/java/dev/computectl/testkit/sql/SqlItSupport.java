package dev.computectl.testkit.sql;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.fixtures.NeonFixtures;
import dev.computectl.sql.ApplyOptions;
import dev.computectl.sql.JdbcConnectionFactory;
import dev.computectl.testkit.postgres.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Shared bits of the compute-sql ITs. */
final class SqlItSupport {

  static final String MD5 = "0123456789abcdef0123456789abcdef";

  private SqlItSupport() {}

  static JdbcConnectionFactory factory(TestPostgres pg) {
    return JdbcConnectionFactory.fromConnstr(pg.connstr(), "compute_ctl:apply_config");
  }

  /** Options of the apply at startup. */
  static ApplyOptions options(int concurrency) {
    return new ApplyOptions(TestPostgres.ADMIN, "neon_superuser", concurrency, true, null);
  }

  /** Options of a reconfigure: the applier may rely on what it settled before. */
  static ApplyOptions reconfigure(int concurrency) {
    return new ApplyOptions(TestPostgres.ADMIN, "neon_superuser", concurrency, false, null);
  }

  static ComputeSpec neonSpec(String name) throws Exception {
    return SpecJson.readSpec(NeonFixtures.load(name));
  }

  static ComputeSpec spec(String json) throws Exception {
    return SpecJson.readSpec(json);
  }

  /** First column of every row, as strings. */
  static List<String> column(TestPostgres pg, String database, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = pg.connect(database);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  static String json(String s) {
    return SpecJson.write(s);
  }
}
