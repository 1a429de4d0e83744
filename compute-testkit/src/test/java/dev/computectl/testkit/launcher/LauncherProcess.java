package dev.computectl.testkit.launcher;

import dev.computectl.testkit.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar compute_ctl.jar ...} as a child process, its stdout and stderr captured in
 * files. The jar comes from the system property {@code computectl.launcher.jar} (set by
 * compute-testkit's Failsafe configuration), else from {@code ../compute-launcher/target/}.
 */
public final class LauncherProcess implements AutoCloseable {

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private LauncherProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static Path jar() {
    String configured = System.getProperty("computectl.launcher.jar");
    Path jar = configured != null ? Path.of(configured)
        : Path.of("..", "compute-launcher", "target", "compute_ctl.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath()
          + " is missing: build it with mvn package -pl compute-launcher -am");
    }
    return jar;
  }

  /**
   * A directory for Postgres's unix socket under {@code dir} ({@code --pg-socket-dir}), owned by
   * the user Postgres runs as, so no test's socket lands in the system's shared directory.
   */
  static Path socketDir(Path dir) throws IOException {
    Path sock = Files.createDirectories(dir.resolve("sock"));
    dev.computectl.core.port.PrivilegeDrop.detect().grant(sock);
    return sock;
  }

  static LauncherProcess start(Path logDir, Map<String, String> env, String... args)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return start(List.of(java, "-jar", jar().toString()), logDir, env, args);
  }

  /** {@code launcher} (a java command line, or the distribution's script) with these args. */
  static LauncherProcess start(List<String> launcher, Path logDir, Map<String, String> env,
      String... args) throws IOException {
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(args));
    Files.createDirectories(logDir);
    Path out = Files.createTempFile(logDir, "compute_ctl-", ".out");
    Path err = Files.createTempFile(logDir, "compute_ctl-", ".err");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(env);
    return new LauncherProcess(builder.start(), out, err);
  }

  /** Runs to completion (a CLI call); fails the test if it takes longer than {@code timeout}. */
  static Result run(Path logDir, Duration timeout, String... args)
      throws IOException, InterruptedException {
    try (LauncherProcess p = start(logDir, Map.of(), args)) {
      int code = p.waitFor(timeout).orElseThrow(() -> new AssertionError(
          "compute_ctl " + String.join(" ", args) + " still running after " + timeout));
      return new Result(code, p.stdout(), p.stderr());
    }
  }

  /** A free port below the ephemeral range, never handed out twice in this JVM ({@link Ports}). */
  static int freePort() throws IOException {
    return Ports.freePort();
  }

  /** The first line of {@code postmaster.pid}, while the file exists. */
  static Optional<Long> postmasterPid(Path pgdata) throws IOException {
    Path pidFile = pgdata.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    return Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst()
        .map(String::strip).map(Long::parseLong);
  }

  /** True when no process with this pid runs any more. */
  /**
   * True once the process has exited. An exited orphan stays a zombie until PID 1 reaps it, which
   * may be later than the moment a test looks, so a zombie counts as gone (as the guard counts it).
   */
  public static boolean gone(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      return close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
    } catch (IOException e) {
      return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Optional<Integer> waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        ? Optional.of(process.exitValue()) : Optional.empty();
  }

  String stdout() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** Kills compute_ctl if it still runs (SIGKILL: the test failed anyway). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  record Result(int exitCode, String stdout, String stderr) {}
}
