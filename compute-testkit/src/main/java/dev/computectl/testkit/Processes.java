package dev.computectl.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small process and directory helpers of the harness (ports: {@link Ports}). */
final class Processes {

  private static final Logger log = LoggerFactory.getLogger(Processes.class);

  private Processes() {}

  /** The pid on the first line of {@code postmaster.pid}, if the file is there. */
  static Optional<Long> postmasterPidFile(Path pgdata) {
    try {
      Path file = pgdata.resolve("postmaster.pid");
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      String first = Files.readAllLines(file).stream().findFirst().orElse("").strip();
      return first.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(first));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * SIGKILL for a leftover Postgres, then wait for it to go away. A pid from a stale {@code
   * postmaster.pid} may have been reused, so only a process whose binary is {@code postgres} is
   * touched.
   */
  static void killIfAlive(long pid, String what) {
    ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(false))
        .ifPresent(
            handle -> {
              log.warn("{} pid {} still runs after close: killing it", what, pid);
              handle.destroyForcibly();
              try {
                handle.onExit().get(10, TimeUnit.SECONDS);
              } catch (Exception e) {
                log.warn("{} pid {} did not exit after SIGKILL: {}", what, pid, e.toString());
              }
            });
  }

  static boolean waitFor(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", root, e.toString());
    }
  }

  /** Pauses a poll loop briefly; false when interrupted. */
  static boolean pause(Duration interval) {
    try {
      Thread.sleep(interval.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
