package dev.computectl.core.internal.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.port.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #17: a second compute_ctl must not prepare a PGDATA a live postmaster still uses. */
class LivePostmasterGuardTest {

  @TempDir Path tmp;

  /** Processes by pid; a SIGINT ends a process unless it is "stuck". */
  static final class FakeProcesses implements LivePostmasterGuard.Processes {
    final Map<Long, List<String>> argv = new HashMap<>();
    final Map<Long, Path> cwd = new HashMap<>();
    final List<String> signals = new ArrayList<>();
    /** Exited, unreaped pids and their parent; each look counts down the looks left. */
    final Map<Long, Long> zombies = new HashMap<>();
    int looksUntilReaped = Integer.MAX_VALUE;
    boolean stuck;

    @Override
    public Optional<Long> unreapedParent(long pid) {
      if (zombies.containsKey(pid) && looksUntilReaped-- <= 0) {
        zombies.remove(pid);
      }
      return Optional.ofNullable(zombies.get(pid));
    }

    @Override
    public boolean alive(long pid) {
      return argv.containsKey(pid);
    }

    @Override
    public List<String> cmdline(long pid) {
      return argv.getOrDefault(pid, List.of());
    }

    @Override
    public Optional<Path> cwd(long pid) {
      return Optional.ofNullable(cwd.get(pid));
    }

    @Override
    public void signal(long pid, Signal signal) {
      signals.add(signal + " " + pid);
      if (!stuck) {
        argv.remove(pid);
      }
    }
  }

  private final FakeProcesses procs = new FakeProcesses();

  private Path pgdata(long pid) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("pgdata"));
    Files.writeString(dir.resolve("postmaster.pid"), pid + "\n" + dir + "\n1700000000\n5432\n");
    return dir;
  }

  private LivePostmasterGuard guard(Duration wait) {
    return new LivePostmasterGuard("c1", procs, wait);
  }

  @Test
  void aLivePostmasterOnThisPgdataGetsAFastShutdownAndIsWaitedFor() throws Exception {
    Path dir = pgdata(4242);
    procs.argv.put(4242L, List.of("/usr/lib/postgresql/15/bin/postgres", "-D", dir.toString()));
    procs.cwd.put(4242L, dir);

    assertThat(guard(Duration.ofSeconds(5)).stopOwner(dir)).contains(4242L);
    assertThat(procs.signals).containsExactly("INT 4242");
  }

  @Test
  void aPostmasterThatDoesNotStopFailsTheStartNamingItsPid() throws Exception {
    Path dir = pgdata(4243);
    procs.argv.put(4243L, List.of("postgres", "-D", dir.toString()));
    procs.cwd.put(4243L, dir);
    procs.stuck = true;

    assertThatThrownBy(() -> guard(Duration.ofMillis(200)).stopOwner(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("pid 4243")
        .hasMessageContaining("left untouched");
    assertThat(dir.resolve("postmaster.pid")).exists();
  }

  @Test
  void staleFilesAreLeftToTheStorage() throws Exception {
    Path dir = pgdata(4244);
    // Gone.
    assertThat(guard(Duration.ofSeconds(1)).stopOwner(dir)).isEmpty();
    // The pid was reused by another program.
    procs.argv.put(4244L, List.of("/usr/bin/sleep", "100"));
    procs.cwd.put(4244L, dir);
    assertThat(guard(Duration.ofSeconds(1)).stopOwner(dir)).isEmpty();
    // A postgres, but on another data directory.
    procs.argv.put(4244L, List.of("/usr/lib/postgresql/15/bin/postgres", "-D", "/elsewhere"));
    procs.cwd.put(4244L, tmp);
    assertThat(guard(Duration.ofSeconds(1)).stopOwner(dir)).isEmpty();
    assertThat(procs.signals).isEmpty();
  }

  @Test
  void withoutAReadableCwdTheDataDirectoryArgumentDecides() throws Exception {
    Path dir = pgdata(4245);
    procs.argv.put(4245L, List.of("/usr/lib/postgresql/15/bin/postgres", "-D", dir.toString()));
    assertThat(guard(Duration.ofSeconds(1)).stopOwner(dir)).contains(4245L);
  }

  @Test
  void anExitedPostmasterIsWaitedForUntilItsParentReapsIt() throws Exception {
    Path dir = pgdata(4246);
    procs.zombies.put(4246L, 1L);
    procs.looksUntilReaped = 3;
    assertThat(guard(Duration.ofSeconds(5)).stopOwner(dir)).isEmpty();
    assertThat(procs.zombies).isEmpty();
    assertThat(procs.signals).isEmpty();
  }

  @Test
  void aPostmasterThatStaysUnreapedFailsTheStartNamingItsParent() throws Exception {
    Path dir = pgdata(4247);
    procs.zombies.put(4247L, 1L);
    assertThatThrownBy(() -> guard(Duration.ofMillis(200)).stopOwner(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("postgres pid 4247")
        .hasMessageContaining("its parent, pid 1, has not reaped it")
        .hasMessageContaining("an init that reaps");
  }

  @Test
  void noPidFileNoAction() throws Exception {
    assertThat(guard(Duration.ofSeconds(1)).stopOwner(tmp)).isEmpty();
  }

  @Test
  void procFsSeesThisJvmAsAliveWithItsWorkingDirectory() {
    LivePostmasterGuard.ProcFs fs = new LivePostmasterGuard.ProcFs(null);
    long self = ProcessHandle.current().pid();
    assertThat(fs.alive(self)).isTrue();
    assertThat(fs.cmdline(self)).isNotEmpty();
    assertThat(fs.cwd(self)).isPresent();
    assertThat(fs.alive(Long.MAX_VALUE / 2)).isFalse();
    assertThat(fs.unreapedParent(self)).as("a running process is no zombie").isEmpty();
  }
}
