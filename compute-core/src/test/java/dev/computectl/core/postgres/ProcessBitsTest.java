package dev.computectl.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.postgres.ChildProcess.ExitStatus;
import dev.computectl.spec.Lsn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit-status mapping, privilege-drop wrapping, readiness and pg_controldata parsing. */
class ProcessBitsTest {

  @Test
  void jdkExitValuesAbove128AreSignals() {
    assertThat(JdkProcessControl.exitStatus(0)).isEqualTo(ExitStatus.exited(0));
    assertThat(JdkProcessControl.exitStatus(1)).isEqualTo(ExitStatus.exited(1));
    assertThat(JdkProcessControl.exitStatus(128)).isEqualTo(ExitStatus.exited(128));
    assertThat(JdkProcessControl.exitStatus(137)).isEqualTo(ExitStatus.killedBy(9));
    assertThat(JdkProcessControl.exitStatus(131)).isEqualTo(ExitStatus.killedBy(3));
    assertThat(JdkProcessControl.exitStatus(255)).isEqualTo(ExitStatus.exited(255));
  }

  @Test
  void wrapPrefixesOnlyWhenNeeded() {
    List<String> cmd = List.of("/usr/lib/postgresql/15/bin/postgres", "-D", "/d");
    assertThat(PrivilegeDrop.none().wrap(cmd)).isEqualTo(cmd);
    assertThat(PrivilegeDrop.setpriv("postgres").wrap(cmd)).containsExactly(
        "setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
        "/usr/lib/postgresql/15/bin/postgres", "-D", "/d");
    assertThat(PrivilegeDrop.userNamespace().wrap(cmd)).startsWith("unshare", "-U");
  }

  @Test
  void readyOnlyWhenOurPidAndLastLineReady(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("postmaster.pid");
    assertThat(PostgresRunner.isReady(pidFile, 42)).isFalse();
    Files.writeString(pidFile, "42\n/d\n123\n5432\n/tmp\n*\n  1 2\nstarting\n");
    assertThat(PostgresRunner.isReady(pidFile, 42)).isFalse();
    Files.writeString(pidFile, "41\n/d\n123\n5432\n/tmp\n*\n  1 2\nready   \n");
    assertThat(PostgresRunner.isReady(pidFile, 42)).as("stale file of another pid").isFalse();
    Files.writeString(pidFile, "42\n/d\n123\n5432\n/tmp\n*\n  1 2\nready   \n");
    assertThat(PostgresRunner.isReady(pidFile, 42)).isTrue();
  }

  @Test
  void parsesControlData() throws Exception {
    String out = "pg_control version number:            1300\n"
        + "Database cluster state:               shut down\n"
        + "Latest checkpoint location:           0/1701E28\n"
        + "Latest checkpoint's REDO location:    0/1701DF0\n";
    ControlData data = ControlData.parse(out);
    assertThat(data.latestCheckpoint()).isEqualTo(Lsn.parse("0/1701E28"));
    assertThat(data.redoLocation()).isEqualTo(Lsn.parse("0/1701DF0"));
    assertThat(data.shutDownCleanly()).isTrue();
    assertThatThrownBy(() -> ControlData.parse("nothing")).hasMessageContaining("checkpoint");
  }
}
