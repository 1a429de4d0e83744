package dev.computectl.launcher;

import dev.computectl.core.port.ChildProcess;
import dev.computectl.core.postgres.JdkProcessControl;
import dev.computectl.core.port.ProcessControl;
import dev.computectl.core.port.Signal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * {@link ProcessControl} with real signals: jnr-posix {@code kill(2)} sends SIGINT, SIGQUIT and
 * SIGHUP in-process, where the core's plain-JDK default has to run {@code /bin/kill}. Starting
 * children is left to {@link JdkProcessControl}: the JDK reaps its children itself (a jnr {@code
 * waitpid} on them would only see ECHILD), and {@link Process#onExit()} gives the exit status.
 */
public final class JnrProcessControl implements ProcessControl {

  private static final int ESRCH = 3;

  private final ProcessControl starter;
  /**
   * Made on first use: jnr generates its native bindings when it loads (hundreds of milliseconds
   * in a fresh JVM), and no signal is sent before Postgres runs, so that stays off the start.
   */
  private final Supplier<POSIX> posix;

  /** @param threadPrefix names the output threads of children, for example the compute id */
  public JnrProcessControl(String threadPrefix) {
    this(new JdkProcessControl(threadPrefix), new Memo<>(POSIXFactory::getNativePOSIX));
  }

  JnrProcessControl(ProcessControl starter, POSIX posix) {
    this(starter, () -> posix);
    Objects.requireNonNull(posix, "posix");
  }

  private JnrProcessControl(ProcessControl starter, Supplier<POSIX> posix) {
    this.starter = Objects.requireNonNull(starter, "starter");
    this.posix = posix;
  }

  /** Loads jnr-posix on a thread of its own now, so a later signal does not wait for it. */
  void prepareInBackground() {
    Thread t = new Thread(posix::get, "jnr-posix-load");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public ChildProcess start(
      List<String> command, Map<String, String> environment, Path workingDirectory,
      Consumer<String> outputLines)
      throws IOException {
    return starter.start(command, environment, workingDirectory, outputLines);
  }

  @Override
  public void signal(long pid, Signal signal) throws IOException {
    if (pid <= 0) {
      // kill(0, ...) and kill(-1, ...) signal whole process groups: never what a caller means.
      throw new IllegalArgumentException("refusing to signal pid " + pid);
    }
    POSIX lib = posix.get();
    if (lib.kill(pid, signal.number()) != 0) {
      int errno = lib.errno();
      throw new IOException("kill(" + pid + ", SIG" + signal + ") failed: "
          + lib.strerror(errno) + (errno == ESRCH ? " (no such process)" : ""));
    }
  }

  /** A value made once, by the first caller; the others wait for it. */
  private static final class Memo<T> implements Supplier<T> {
    private final Supplier<T> make;
    private T value;

    Memo(Supplier<T> make) {
      this.make = make;
    }

    @Override
    public synchronized T get() {
      if (value == null) {
        value = Objects.requireNonNull(make.get());
      }
      return value;
    }
  }
}
