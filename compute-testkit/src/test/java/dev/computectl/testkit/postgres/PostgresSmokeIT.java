package dev.computectl.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.testkit.Ports;
import dev.computectl.testkit.WorkDirs;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresSmokeIT {

  @Test
  void startsAnswersAndIsGoneAfterClose() throws Exception {
    TestPostgres pg = TestPostgres.start();
    long pid = pg.pid();
    try (Connection c = pg.connect("postgres");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select current_user, 40 + 2, current_setting('fsync')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("cloud_admin");
      assertThat(rs.getInt(2)).isEqualTo(42);
      assertThat(rs.getString(3)).isEqualTo("off");
    }
    assertThat(pg.port()).isNotEqualTo(5432);
    // Ports.freePort: below the ephemeral range, which binding port 0 would hand out.
    assertThat(pg.port()).isLessThan(Ports.ephemeralRangeStart());
    assertThat(pg.connstr())
        .isEqualTo("postgresql://cloud_admin@127.0.0.1:" + pg.port() + "/postgres");
    assertThat(ProcessHandle.of(pid)).isPresent();
    assertThat(pg.dataDir()).startsWithRaw(WorkDirs.root());

    pg.close();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(
        java.util.Optional.of(true));
    assertThat(pg.exitStatus()).hasValueSatisfying(s -> assertThat(s.code()).isZero());
    assertThat(Files.exists(pg.dataDir())).isFalse();
  }
}
