package dev.computectl.core.port;

import java.util.concurrent.CompletableFuture;

/** A started child process. */
public interface ChildProcess {

  long pid();

  boolean isAlive();

  /** Completes with the exit status once the child is reaped. */
  CompletableFuture<ExitStatus> onExit();

  /**
   * How a process ended: {@code code} for a normal exit, or the number of the signal that killed
   * it.
   */
  record ExitStatus(int code, int signal) {
    public static ExitStatus exited(int code) {
      return new ExitStatus(code, 0);
    }

    public static ExitStatus killedBy(int signal) {
      return new ExitStatus(-1, signal);
    }

    public boolean bySignal() {
      return signal != 0;
    }

    @Override
    public String toString() {
      return bySignal() ? "killed by signal " + signal : "exit code " + code;
    }
  }
}
