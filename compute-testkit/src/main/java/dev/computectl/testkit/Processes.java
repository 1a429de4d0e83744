package dev.computectl.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small process, port and directory helpers of the harness. */
final class Processes {

  private static final Logger log = LoggerFactory.getLogger(Processes.class);

  private Processes() {}

  /**
   * Ports handed out by this JVM. A port is a resource of the whole process, so this one registry
   * serves every compute: two computes started at once must not get the same port.
   */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private static final int LOWEST_PORT = 20_000;

  /**
   * A free TCP port on 127.0.0.1, never Postgres's default 5432, never handed out before in this
   * JVM. Picked below the kernel's ephemeral range: a port from there (what binding port 0 gives)
   * may be taken as the local port of any outgoing connection on the host before Postgres binds
   * it seconds later, and then Postgres fails with "Address already in use".
   */
  static int freePort() {
    int ephemeralLow = ephemeralRangeStart();
    for (int attempt = 0; ephemeralLow > LOWEST_PORT + 1_000 && attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST_PORT, ephemeralLow);
      if (port != 5432 && HANDED_OUT.add(port) && bindable(port)) {
        return port;
      }
    }
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = socket.getLocalPort();
        if (port != 5432 && HANDED_OUT.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot find a free port", e);
      }
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first port of {@code net.ipv4.ip_local_port_range} (Linux's default 32768). */
  private static int ephemeralRangeStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

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
