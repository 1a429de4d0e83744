package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.port.PostgresSql;

import dev.computectl.sql.ConnectionFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import dev.computectl.spec.Lsn;

/** {@link PostgresSql} over short JDBC sessions. */
public final class JdbcPostgresSql implements PostgresSql {

  private final ConnectionFactory connections;

  public JdbcPostgresSql(ConnectionFactory connections) {
    this.connections = connections;
  }

  @Override
  public String show(String setting) throws SQLException {
    try (Connection c = connections.open(null);
        var ps = c.prepareStatement("SELECT current_setting(?, true)")) {
      ps.setString(1, setting);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  @Override
  public boolean promote() throws SQLException {
    try (Connection c = connections.open(null);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_promote(true, 60)")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  @Override
  public void requestPromotion() throws SQLException {
    try (Connection c = connections.open(null)) {
      requestPromotion(c);
    }
  }

  private static void requestPromotion(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_promote(false)")) {
      rs.next();
    }
  }

  @Override
  public ReplayState replayState() throws SQLException {
    try (Connection c = connections.open(null)) {
      return replayState(c);
    }
  }

  @Override
  public ReplayWatch watchReplay() throws SQLException {
    Connection c = connections.open(null);
    return new ReplayWatch() {
      @Override
      public ReplayState read() throws SQLException {
        return replayState(c);
      }

      @Override
      public void requestPromotion() throws SQLException {
        JdbcPostgresSql.requestPromotion(c);
      }

      @Override
      public void close() {
        try {
          c.close();
        } catch (SQLException e) {
          // the session was lost already: nothing to release
        }
      }
    };
  }

  private static ReplayState replayState(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(REPLAY_STATE)) {
      rs.next();
      String lsn = rs.getString(3);
      return new ReplayState(rs.getBoolean(1), rs.getBoolean(2),
          lsn == null ? null : Lsn.parse(lsn));
    }
  }

  private static final String REPLAY_STATE = "SELECT pg_is_in_recovery(), pg_is_in_recovery()"
      + " AND pg_get_wal_replay_pause_state() = 'paused', pg_last_wal_replay_lsn()::text";

  @Override
  public List<FileSettingError> fileSettingErrors() throws SQLException {
    List<FileSettingError> out = new ArrayList<>();
    try (Connection c = connections.open(null);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name, setting, error FROM pg_file_settings"
            + " WHERE error IS NOT NULL ORDER BY seqno")) {
      while (rs.next()) {
        out.add(new FileSettingError(rs.getString(1), rs.getString(2), rs.getString(3)));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<PendingRestart> pendingRestart() throws SQLException {
    // pg_file_settings holds what the files now ask for; the last applied row per name wins.
    String sql =
        "SELECT s.name, s.setting, f.setting"
            + " FROM pg_settings s"
            + " LEFT JOIN LATERAL (SELECT setting FROM pg_file_settings fs"
            + "   WHERE fs.name = s.name ORDER BY seqno DESC LIMIT 1) f ON true"
            + " WHERE s.pending_restart ORDER BY s.name";
    List<PendingRestart> out = new ArrayList<>();
    try (Connection c = connections.open(null);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(new PendingRestart(rs.getString(1), rs.getString(2), rs.getString(3)));
      }
    }
    return List.copyOf(out);
  }
}
