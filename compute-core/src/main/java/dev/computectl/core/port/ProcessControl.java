package dev.computectl.core.port;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Port for starting and signalling child processes. The plain-JDK default ({@code
 * JdkProcessControl}) signals through {@code /bin/kill}; the launcher plugs in jnr-posix.
 */
public interface ProcessControl {

  /**
   * Starts a child. Its stderr (and stdout) lines go to {@code outputLines}, one call per line.
   * The returned pid is the pid of the program named in {@code command} (no wrapper process may
   * stay in between: signals must reach it).
   */
  ChildProcess start(
      List<String> command, Map<String, String> environment, Path workingDirectory,
      Consumer<String> outputLines)
      throws IOException;

  /** Sends a signal to a process by pid. */
  void signal(long pid, Signal signal) throws IOException;
}
