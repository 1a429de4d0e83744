package dev.computectl.testkit;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.ComputeStatusResponse;
import dev.computectl.spec.api.TerminateMode;
import dev.computectl.testkit.client.ComputeHttpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compute as a child process: {@code java -jar compute_ctl.jar} with the harness's ports, the
 * config file or control plane, and the shared template cache. Its output is kept (the last lines)
 * and logged at debug level.
 */
final class SubprocessRuntime implements ComputeRuntime {

  private static final Logger log = LoggerFactory.getLogger(SubprocessRuntime.class);
  private static final int LINES_KEPT = 5_000;
  private static final Duration POLL = Duration.ofMillis(50);

  private final ComputeSetup setup;
  private final Process process;
  private final Thread reader;
  private final Deque<String> lines = new ArrayDeque<>();
  private final ComputeHttpClient client;

  private SubprocessRuntime(ComputeSetup setup, Process process) {
    this.setup = setup;
    this.process = process;
    this.client =
        ComputeHttpClient.builder()
            .external(setup.externalPort())
            .internal(setup.internalPort())
            .bearerToken(setup.keys().adminToken())
            .timeout(Duration.ofSeconds(30))
            .build();
    this.reader = new Thread(this::pump, setup.computeId() + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  static SubprocessRuntime start(ComputeSetup s) throws IOException {
    if (s.storage() != null) {
      throw new IllegalStateException("a custom PGDATA source needs an embedded compute");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", s.launcherJar().toString()));
    command.addAll(List.of("--compute-id", s.computeId()));
    command.addAll(List.of("--pgdata", s.pgdata().toString()));
    command.addAll(List.of("--connstr", s.connstr()));
    command.addAll(List.of("--pgbin", s.binaries().tool("postgres").toString()));
    command.addAll(List.of("--external-http-port", Integer.toString(s.externalPort())));
    command.addAll(List.of("--internal-http-port", Integer.toString(s.internalPort())));
    command.addAll(List.of("--template-cache", s.templateCacheDir().toString()));
    if (s.socketDir() != null) {
      command.addAll(List.of("--pg-socket-dir", s.socketDir().toString()));
    }
    command.addAll(List.of("--failed-start-exit-delay",
        Long.toString(s.failedStartExitDelay().toSeconds())));
    if (s.failpoints()) {
      command.add("--enable-failpoints");
    }
    if (s.pgbackrestConfig() != null) {
      command.addAll(List.of("--pgbackrest-config", s.pgbackrestConfig().toString()));
    }
    if (s.configFile() != null) {
      command.addAll(List.of("--config", s.configFile().toString()));
    } else if (s.controlPlaneUri() != null) {
      command.addAll(List.of("--control-plane-uri", s.controlPlaneUri().toString()));
    } else {
      throw new IllegalStateException("a subprocess compute needs a config file or control plane");
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("NEON_CONTROL_PLANE_TOKEN", s.controlPlaneToken());
    log.info("compute {}: starting {}", s.computeId(), String.join(" ", command));
    SubprocessRuntime runtime = new SubprocessRuntime(s, builder.start());
    try {
      runtime.awaitHttp();
      return runtime;
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  /** Waits until the external server answers {@code /liveness}, or the process ended. */
  private void awaitHttp() {
    long deadline = System.nanoTime() + setup.startTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "compute_ctl exited with code "
                + process.exitValue()
                + " before serving HTTP:\n"
                + tail(40));
      }
      try {
        if (client.liveness()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // connection refused until the server is up
      }
      if (!Processes.pause(POLL)) {
        throw new IllegalStateException("interrupted while waiting for compute_ctl");
      }
    }
    throw new IllegalStateException(
        "compute_ctl did not serve HTTP within " + setup.startTimeout() + ":\n" + tail(40));
  }

  private void pump() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        log.debug("[{}] {}", setup.computeId(), line);
        synchronized (lines) {
          lines.addLast(line);
          while (lines.size() > LINES_KEPT) {
            lines.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  String tail(int count) {
    List<String> all = logLines();
    return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
  }

  @Override
  public int externalPort() {
    return setup.externalPort();
  }

  @Override
  public int internalPort() {
    return setup.internalPort();
  }

  @Override
  public ComputeStatus status() {
    return client.status().status();
  }

  @Override
  public Optional<String> error() {
    ComputeStatusResponse response = client.status();
    return Optional.ofNullable(response.error());
  }

  @Override
  public Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  @Override
  public Optional<Long> postmasterPid() {
    return Processes.postmasterPidFile(setup.pgdata());
  }

  @Override
  public List<String> logLines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public void close() {
    Optional<Long> postmaster = postmasterPid();
    if (process.isAlive()) {
      try {
        client.withTimeout(Duration.ofSeconds(20)).terminate(TerminateMode.IMMEDIATE);
      } catch (RuntimeException e) {
        log.debug("compute {}: terminate on close: {}", setup.computeId(), e.toString());
      }
    }
    if (!Processes.waitFor(process, Duration.ofSeconds(15))) {
      process.destroy();
      if (!Processes.waitFor(process, Duration.ofSeconds(5))) {
        process.destroyForcibly();
        Processes.waitFor(process, Duration.ofSeconds(5));
      }
    }
    postmaster.ifPresent(p -> Processes.killIfAlive(p, "postgres of " + setup.computeId()));
    Processes.postmasterPidFile(setup.pgdata())
        .ifPresent(p -> Processes.killIfAlive(p, "postgres of " + setup.computeId()));
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
