package dev.computectl.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.port.ChildProcess;
import dev.computectl.core.port.Signal;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Uses {@code sleep} as a child: no Postgres needed, and it dies by the signals we send. */
class JnrProcessControlTest {

  private final JnrProcessControl control = new JnrProcessControl("test");

  @Test
  void sigintReachesTheChildByPid() throws Exception {
    ChildProcess child = control.start(List.of("sleep", "30"), Map.of(), null, line -> {});
    try {
      control.signal(child.pid(), Signal.INT);
      ChildProcess.ExitStatus status = child.onExit().get(10, TimeUnit.SECONDS);
      assertThat(status.bySignal()).isTrue();
      assertThat(status.signal()).isEqualTo(Signal.INT.number());
    } finally {
      if (child.isAlive()) {
        control.signal(child.pid(), Signal.KILL);
      }
    }
  }

  @Test
  void outputLinesReachTheConsumerAndExitCodeIsKept() throws Exception {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    ChildProcess child = control.start(List.of("sh", "-c", "echo one; echo two >&2; exit 3"),
        Map.of(), null, lines::add);
    ChildProcess.ExitStatus status = child.onExit().get(10, TimeUnit.SECONDS);
    assertThat(status).isEqualTo(ChildProcess.ExitStatus.exited(3));
    assertThat(lines).containsExactlyInAnyOrder("one", "two");
  }

  @Test
  void refusesProcessGroupPids() {
    assertThatThrownBy(() -> control.signal(0, Signal.TERM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> control.signal(-1, Signal.KILL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingProcessIsAnIoError() {
    // Above Linux's largest pid_max (2^22), so no process can have it.
    assertThatThrownBy(() -> control.signal(5_000_000, Signal.HUP))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no such process");
  }
}
