package dev.computectl.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.core.port.ChildProcess.ExitStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit-status mapping of JDK processes, and readiness from postmaster.pid. */
class JdkProcessControlTest {

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
  void jdkExitValuesAbove128AreSignals() {
    assertThat(JdkProcessControl.exitStatus(0)).isEqualTo(ExitStatus.exited(0));
    assertThat(JdkProcessControl.exitStatus(1)).isEqualTo(ExitStatus.exited(1));
    assertThat(JdkProcessControl.exitStatus(128)).isEqualTo(ExitStatus.exited(128));
    assertThat(JdkProcessControl.exitStatus(137)).isEqualTo(ExitStatus.killedBy(9));
    assertThat(JdkProcessControl.exitStatus(131)).isEqualTo(ExitStatus.killedBy(3));
    assertThat(JdkProcessControl.exitStatus(255)).isEqualTo(ExitStatus.exited(255));
  }
}
