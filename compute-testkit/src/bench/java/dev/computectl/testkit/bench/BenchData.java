package dev.computectl.testkit.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Data the storage and replica benchmarks put on a primary before they time anything. */
final class BenchData {

  private BenchData() {}

  /** A {@code cloud_admin} connection to {@code postgres} on a local port. */
  static Connection connect(int port) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=cloud_admin");
  }

  /**
   * Creates table {@code big} with {@code rows} rows of about 500 bytes each, plus any extra
   * statements, then checkpoints so the data is on disk before a benchmark copies or restores it.
   */
  static void fillBigTable(int port, int rows, String... extra) throws SQLException {
    try (Connection c = connect(port); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE big (id int, pad text)");
      st.execute("INSERT INTO big SELECT g, repeat(md5(g::text), 15) FROM generate_series(1, "
          + rows + ") g");
      for (String sql : extra) {
        st.execute(sql);
      }
      st.execute("CHECKPOINT");
    }
  }
}
