package dev.computectl.core.postgres;

import dev.computectl.core.ComputeLogContext;
import dev.computectl.core.internal.io.ToolRunner;
import dev.computectl.core.port.ChildProcess;
import dev.computectl.core.port.ProcessControl;
import dev.computectl.core.port.Signal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ProcessControl} with plain JDK means. Children are {@link ProcessBuilder} processes with
 * stderr merged into stdout; a daemon thread per child hands each output line to the consumer.
 * Signals go through {@code /bin/kill -N pid}, because the JDK can only send SIGTERM and SIGKILL.
 *
 * <p>Exit status: the JDK reports a death by signal N as exit value 128+N, like a shell. An exit
 * value from 129 to 192 is therefore reported as {@link ChildProcess.ExitStatus#killedBy killed by
 * signal} N. A program that really exits with such a code is misreported; Postgres does not (its
 * postmaster exits with 0, 1 or 2).
 */
public final class JdkProcessControl implements ProcessControl {

  private static final Logger log = LoggerFactory.getLogger(JdkProcessControl.class);
  /** How long onExit waits for the rest of the output after the child is gone. */
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

  private final String threadPrefix;

  /** @param threadPrefix names the output threads, for example the compute id */
  public JdkProcessControl(String threadPrefix) {
    this.threadPrefix = Objects.requireNonNull(threadPrefix);
  }

  public JdkProcessControl() {
    this("child");
  }

  @Override
  public ChildProcess start(
      List<String> command, Map<String, String> environment, Path workingDirectory,
      Consumer<String> outputLines)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(environment);
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    Process process = builder.start();
    CompletableFuture<Void> drained = new CompletableFuture<>();
    String program = Path.of(command.get(command.size() > 0 ? lastProgramIndex(command) : 0))
        .getFileName().toString();
    Thread reader = new Thread(
        // The output belongs to whoever started the child (a compute's thread): same MDC.
        ComputeLogContext.inheriting(() -> forward(process, outputLines, drained)),
        threadPrefix + "-" + program + "-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    CompletableFuture<ChildProcess.ExitStatus> exit = process.onExit()
        .thenCompose(p -> drained.completeOnTimeout(null, OUTPUT_DRAIN.toMillis(),
            TimeUnit.MILLISECONDS))
        .thenApply(ignored -> exitStatus(process.exitValue()));
    return new JdkChild(process, exit);
  }

  /** The index of the real program in a possibly wrapped command (after setpriv/unshare flags). */
  private static int lastProgramIndex(List<String> command) {
    for (int i = 0; i < command.size(); i++) {
      String arg = command.get(i);
      if (!arg.equals("setpriv") && !arg.equals("unshare") && !arg.startsWith("-")) {
        return i;
      }
    }
    return 0;
  }

  private static void forward(Process process, Consumer<String> lines,
      CompletableFuture<Void> drained) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        try {
          lines.accept(line);
        } catch (RuntimeException e) {
          log.warn("output consumer of pid {} failed", process.pid(), e);
        }
      }
    } catch (IOException e) {
      log.debug("output of pid {} ended: {}", process.pid(), e.toString());
    } finally {
      drained.complete(null);
    }
  }

  /** Maps the JDK's exit value to an exit status; see the class comment for 128+N. */
  static ChildProcess.ExitStatus exitStatus(int exitValue) {
    if (exitValue > 128 && exitValue <= 128 + 64) {
      return ChildProcess.ExitStatus.killedBy(exitValue - 128);
    }
    return ChildProcess.ExitStatus.exited(exitValue);
  }

  @Override
  public void signal(long pid, Signal signal) throws IOException {
    ToolRunner.run(List.of("/bin/kill", "-" + signal.number(), Long.toString(pid)), Map.of(),
        Duration.ofSeconds(10));
  }

  private record JdkChild(Process process, CompletableFuture<ExitStatus> exit)
      implements ChildProcess {

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public boolean isAlive() {
      return process.isAlive();
    }

    @Override
    public CompletableFuture<ExitStatus> onExit() {
      // A copy, so a caller completing or cancelling it cannot fake an exit for others.
      return exit.copy();
    }
  }
}
