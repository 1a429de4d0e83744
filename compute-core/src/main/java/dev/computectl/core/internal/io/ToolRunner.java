package dev.computectl.core.internal.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived tool (initdb, pg_config, pg_controldata, chown) and collects its output. */
public final class ToolRunner {

  private ToolRunner() {}

  /** The tool's combined stdout and stderr; a non-zero exit or a timeout is an IOException. */
  public static String run(List<String> command, Map<String, String> environment, Duration timeout)
      throws IOException {
    return run(command, environment, null, timeout);
  }

  public static String run(
      List<String> command, Map<String, String> environment, Path workingDirectory,
      Duration timeout)
      throws IOException {
    Finished finished = finish(command, environment, workingDirectory, timeout);
    if (finished.exitCode() != 0) {
      throw new IOException(
          String.join(" ", command) + " failed with exit code " + finished.exitCode() + ": "
              + finished.output().strip());
    }
    return finished.output();
  }

  /** How a tool ended: its exit code and its combined output. */
  public record Finished(int exitCode, String output) {}

  /**
   * Runs the tool to its end and returns its exit code and output, whatever the code; a tool
   * that cannot be started or does not finish within {@code timeout} is an IOException.
   */
  public static Finished finish(
      List<String> command, Map<String, String> environment, Path workingDirectory,
      Duration timeout)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(environment);
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    Process process = builder.start();
    // Read on this thread: tools here print little, and reading avoids a full pipe blocking them.
    byte[] output;
    try (InputStream in = process.getInputStream()) {
      output = in.readAllBytes();
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish within " + timeout);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command, e);
    }
    return new Finished(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
