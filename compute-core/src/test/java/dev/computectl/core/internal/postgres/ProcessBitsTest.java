package dev.computectl.core.internal.postgres;

import dev.computectl.core.port.PrivilegeDrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.port.ChildProcess.ExitStatus;
import dev.computectl.spec.Lsn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Privilege-drop wrapping and pg_controldata parsing. */
class ProcessBitsTest {

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
