package dev.computectl.core.internal.postgres;

import dev.computectl.core.port.ProcessControl;
import dev.computectl.core.port.Signal;
import dev.computectl.core.postgres.PostgresRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before anything touches PGDATA: a postmaster that still runs on it (its compute_ctl was
 * SIGKILLed, so nobody stopped it) gets a fast shutdown (SIGINT) and is waited for, so the
 * storage never wipes or restores a directory under a live server. The owner comes from {@code
 * postmaster.pid}: its pid must be alive, be a {@code postgres} program, and work on this PGDATA
 * ({@code /proc/<pid>/cwd}, which the postmaster sets to its data directory; when that cannot be
 * read, its {@code -D} argument or the pid file's data-directory line). A stale pid file (the pid
 * is gone or now another program) is left to the storage. When the owner cannot be stopped within
 * the bound, the start fails naming its pid and the directory is left alone.
 * See docs/decisions.md#a-live-postmaster-keeps-its-pgdata.
 */
public final class LivePostmasterGuard {

  private static final Logger log = LoggerFactory.getLogger(LivePostmasterGuard.class);
  /** How long a fast shutdown of the old postmaster may take (a shutdown checkpoint). */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(50);

  /** What the guard needs to know about and do to other processes; {@code /proc} in production. */
  interface Processes {
    boolean alive(long pid);

    /** argv, empty when unreadable. */
    List<String> cmdline(long pid);

    /** The working directory, empty when it cannot be read. */
    Optional<Path> cwd(long pid);

    void signal(long pid, Signal signal) throws IOException;

    /** The parent of {@code pid} when it is a zombie (exited, not yet reaped); else empty. */
    default Optional<Long> unreapedParent(long pid) {
      return Optional.empty();
    }
  }

  private final String computeId;
  private final Processes processes;
  private final Duration wait;

  LivePostmasterGuard(String computeId, Processes processes, Duration wait) {
    this.computeId = Objects.requireNonNull(computeId);
    this.processes = Objects.requireNonNull(processes);
    this.wait = Objects.requireNonNull(wait);
  }

  /**
   * Stops a live postmaster that owns {@code pgdata} (signals through the runner's process
   * control), waiting at most {@link #DEFAULT_WAIT}.
   *
   * @throws IOException naming the pid when it still runs after that
   */
  public static void stopLiveOwner(String computeId, Path pgdata, PostgresRunner runner)
      throws IOException {
    new LivePostmasterGuard(computeId, new ProcFs(runner.processControl()), DEFAULT_WAIT)
        .stopOwner(pgdata);
  }

  /** @return the pid that was stopped, empty when no live postmaster owned the directory */
  Optional<Long> stopOwner(Path pgdata) throws IOException {
    Optional<Long> owner = stopLiveOwner(pgdata);
    awaitReaped(pgdata);
    return owner;
  }

  private Optional<Long> stopLiveOwner(Path pgdata) throws IOException {
    Optional<Long> owner = liveOwner(pgdata);
    if (owner.isEmpty()) {
      return owner;
    }
    long pid = owner.get();
    log.warn("compute {}: postgres pid {} still runs on {} (left by an earlier compute_ctl);"
        + " stopping it with a fast shutdown before PGDATA is prepared", computeId, pid, pgdata);
    try {
      processes.signal(pid, Signal.INT);
    } catch (IOException e) {
      if (processes.alive(pid)) {
        throw new IOException(inUse(pgdata, pid, "SIGINT failed: " + e.getMessage()), e);
      }
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (processes.alive(pid)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IOException(inUse(pgdata, pid, "it did not stop within " + wait.toMillis()
            + " ms of SIGINT (fast shutdown)"));
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for postgres pid " + pid + " to stop", e);
      }
    }
    log.warn("compute {}: old postgres pid {} on {} stopped", computeId, pid, pgdata);
    return owner;
  }

  /**
   * Postgres refuses to start while the pid in {@code postmaster.pid} exists, and an exited
   * postmaster whose compute_ctl died exists until the new parent (PID 1) reaps it: wait for
   * that, bounded, and say what is wrong when it does not happen.
   */
  private void awaitReaped(Path pgdata) throws IOException {
    Optional<Long> filePid = pidInFile(pgdata);
    if (filePid.isEmpty()) {
      return;
    }
    long pid = filePid.get();
    Optional<Long> parent = processes.unreapedParent(pid);
    if (parent.isEmpty()) {
      return;
    }
    log.info("compute {}: postgres pid {} of {} has exited, waiting for its parent pid {} to reap"
        + " it (postgres will not start while that pid exists)", computeId, pid, pgdata,
        parent.get());
    long deadline = System.nanoTime() + wait.toNanos();
    while (processes.unreapedParent(pid).isPresent()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IOException("postgres pid " + pid + ", named by " + pgdata.resolve(
            "postmaster.pid") + ", has exited but its parent, pid " + parent.get() + ", has not"
            + " reaped it within " + wait.toMillis() + " ms, and postgres will not start while"
            + " that pid exists; run compute_ctl under an init that reaps orphaned processes"
            + " (for example docker run --init, or tini)");
      }
      sleep(pid);
    }
  }

  private static void sleep(long pid) throws IOException {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for postgres pid " + pid + " to go", e);
    }
  }

  private static Optional<Long> pidInFile(Path pgdata) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(pgdata.resolve("postmaster.pid"), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      long pid = lines.isEmpty() ? 0 : Long.parseLong(lines.get(0).strip());
      return pid > 0 ? Optional.of(pid) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String inUse(Path pgdata, long pid, String why) {
    return "PGDATA " + pgdata + " is in use by a running postgres, pid " + pid + ", and was left"
        + " untouched: " + why + "; stop it (kill -QUIT " + pid + ") or use another directory";
  }

  /** The pid of a live postmaster on {@code pgdata}, by {@code postmaster.pid}. */
  Optional<Long> liveOwner(Path pgdata) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(pgdata.resolve("postmaster.pid"), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).strip());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (pid <= 0 || pid == ProcessHandle.current().pid() || !processes.alive(pid)) {
      return Optional.empty();
    }
    List<String> argv = processes.cmdline(pid);
    if (argv.isEmpty() || !isPostgres(argv.get(0))) {
      log.info("compute {}: {} names pid {}, which is not postgres now; treating it as stale",
          computeId, pgdata.resolve("postmaster.pid"), pid);
      return Optional.empty();
    }
    Optional<Path> cwd = processes.cwd(pid);
    boolean here;
    if (cwd.isPresent()) {
      here = same(cwd.get(), pgdata);
    } else {
      Optional<Path> dataArg = dataDirArgument(argv);
      here = dataArg.map(d -> same(d, pgdata))
          .orElse(lines.size() > 1 && same(Path.of(lines.get(1).strip()), pgdata));
    }
    return here ? Optional.of(pid) : Optional.empty();
  }

  private static boolean isPostgres(String argv0) {
    Path name = Path.of(argv0.isEmpty() ? "?" : argv0).getFileName();
    return name != null && name.toString().startsWith("postgres");
  }

  private static Optional<Path> dataDirArgument(List<String> argv) {
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("-D") && i + 1 < argv.size()) {
        return Optional.of(Path.of(argv.get(i + 1)));
      }
      if (a.startsWith("-D") && a.length() > 2) {
        return Optional.of(Path.of(a.substring(2)));
      }
    }
    return Optional.empty();
  }

  private static boolean same(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  /** Linux {@code /proc}; a zombie counts as gone (it no longer uses the directory). */
  static final class ProcFs implements Processes {
    private final ProcessControl control;

    ProcFs(ProcessControl control) {
      this.control = control;
    }

    @Override
    public boolean alive(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        int close = stat.lastIndexOf(')');
        return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
      } catch (IOException e) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
            && !Files.isDirectory(Path.of("/proc", "self"));
      }
    }

    @Override
    public List<String> cmdline(long pid) {
      try {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
          if (raw[i] == 0) {
            out.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
            start = i + 1;
          }
        }
        if (start < raw.length) {
          out.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
        }
        return out;
      } catch (IOException e) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().command()).map(List::of)
            .orElse(List.of());
      }
    }

    @Override
    public Optional<Path> cwd(long pid) {
      try {
        return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")));
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return Optional.empty();
      }
    }

    @Override
    public void signal(long pid, Signal signal) throws IOException {
      control.signal(pid, signal);
    }

    @Override
    public Optional<Long> unreapedParent(long pid) {
      try {
        // "pid (comm) S ppid ...": the state and the parent follow the last ')'.
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] rest = stat.substring(stat.lastIndexOf(')') + 1).trim().split(" ");
        return rest.length > 1 && rest[0].equals("Z")
            ? Optional.of(Long.parseLong(rest[1])) : Optional.empty();
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
  }
}
