package dev.computectl.core.postgres;

import dev.computectl.core.internal.io.OwnSession;
import dev.computectl.core.port.ChildProcess;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.port.ProcessControl;
import dev.computectl.core.port.Signal;

import dev.computectl.core.port.ChildProcess.ExitStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts {@code postgres -D PGDATA} as a direct child and waits until it is ready, meaning the
 * last line of {@code postmaster.pid} is {@code ready} and its first line is our child's pid (so a
 * stale file from an earlier run does not count).
 *
 * <p>Unlike Neon's compute_ctl, a postmaster that does not become ready in time is stopped
 * (SIGQUIT, SIGKILL after a grace period) and reaped before the failure is reported.
 */
public final class PostgresRunner {

  private static final Logger log = LoggerFactory.getLogger(PostgresRunner.class);
  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);
  private static final long POLL_MILLIS = 10;

  private final ProcessControl control;
  private final PrivilegeDrop privilegeDrop;
  private final Duration killGrace;

  public PostgresRunner(ProcessControl control, PrivilegeDrop privilegeDrop) {
    this(control, privilegeDrop, DEFAULT_KILL_GRACE);
  }

  public PostgresRunner(ProcessControl control, PrivilegeDrop privilegeDrop, Duration killGrace) {
    this.control = Objects.requireNonNull(control);
    this.privilegeDrop = Objects.requireNonNull(privilegeDrop);
    this.killGrace = Objects.requireNonNull(killGrace);
  }

  /** How this runner signals processes (also used to stop a postmaster left by a killed run). */
  public ProcessControl processControl() {
    return control;
  }

  /**
   * Starts the postmaster and waits for readiness.
   *
   * @param environment added to this process's environment (for example {@code NEON_AUTH_TOKEN})
   * @param logLines receives each output line of Postgres, prefixed with {@code PG:}
   * @throws PostgresStartException the child exited first, or did not become ready within {@code
   *     readyTimeout} (then it has been stopped and reaped)
   */
  public RunningPostgres start(
      PgBinaries binaries, Path pgdata, Map<String, String> environment,
      Consumer<String> logLines, Duration readyTimeout)
      throws IOException {
    List<String> command = new ArrayList<>(
        List.of(binaries.postgres().toString(), "-D", pgdata.toString()));
    long started = System.nanoTime();
    PostmasterOutput output = new PostmasterOutput(line -> logLines.accept("PG: " + line));
    ChildProcess child = control.start(OwnSession.wrap(privilegeDrop.wrap(command)), environment,
        pgdata, output);
    log.info("started postgres pid {} on {}", child.pid(), pgdata);
    CompletableFuture<ExitStatus> exit = child.onExit();
    long deadline = started + readyTimeout.toNanos();
    Path pidFile = pgdata.resolve("postmaster.pid");
    while (true) {
      if (isReady(pidFile, child.pid())) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("postgres pid {} ready after {} ms", child.pid(), took.toMillis());
        return new RunningPostgres(child, control, pgdata, took, output);
      }
      ExitStatus status = waitBriefly(exit);
      if (status != null) {
        // Its output may still be draining: give the reader a moment for the last lines.
        awaitLastLines(output);
        throw new PostgresStartException(
            "Postgres exited unexpectedly with " + status + why(output), status, null);
      }
      if (System.nanoTime() - deadline > 0) {
        log.error("postgres pid {} not ready after {}; stopping it", child.pid(), readyTimeout);
        ExitStatus stopped = RunningPostgres.stopChild(child, control, Signal.QUIT, killGrace);
        throw new PostgresStartException(
            "Postgres did not become ready within " + readyTimeout + "; stopped it (" + stopped
                + ")", stopped, null);
      }
    }
  }

  /** ": FATAL: ...; LOG: ..." from the postmaster's own error lines, or "". */
  private static String why(PostmasterOutput output) {
    List<String> lines = output.lines();
    return lines.isEmpty() ? "" : ": " + String.join("; ", lines);
  }

  private static void awaitLastLines(PostmasterOutput output) {
    long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
    long seen = -1;
    while (System.nanoTime() - deadline < 0 && output.mark() != seen) {
      seen = output.mark();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static ExitStatus waitBriefly(CompletableFuture<ExitStatus> exit) throws IOException {
    try {
      return exit.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for postgres", e);
    } catch (ExecutionException e) {
      throw new IOException("waiting for postgres failed", e.getCause());
    }
  }

  /** True when {@code postmaster.pid} belongs to {@code pid} and its last line is {@code ready}. */
  static boolean isReady(Path pidFile, long pid) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return false;
    }
    if (lines.size() < 2 || !lines.get(0).strip().equals(Long.toString(pid))) {
      return false;
    }
    return lines.get(lines.size() - 1).strip().equals("ready");
  }
}
