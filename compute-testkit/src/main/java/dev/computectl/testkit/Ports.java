package dev.computectl.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Free TCP ports on 127.0.0.1 for everything the harness and the tests start. */
public final class Ports {

  /**
   * Ports handed out by this JVM. A port is a resource of the whole process, so this one registry
   * serves every compute and test Postgres: two started at once must not get the same port.
   */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private static final int LOWEST_PORT = 20_000;
  private static final int DEFAULT_EPHEMERAL_START = 32_768;

  private Ports() {}

  /**
   * A free TCP port on 127.0.0.1, never Postgres's default 5432, never handed out before in this
   * JVM. Picked below the kernel's ephemeral range: a port from there (what binding port 0 gives)
   * may be taken as the local port of any outgoing connection on the host before Postgres binds
   * it seconds later, and then Postgres fails with "Address already in use".
   */
  public static int freePort() {
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

  /** The first port of {@code net.ipv4.ip_local_port_range} (Linux's default 32768). */
  public static int ephemeralRangeStart() {
    try {
      // Not Files.readString: /proc reports a size of 0, and readString then returns only the
      // first byte ("3" of "32768"), which silently sent every pick into the ephemeral range.
      String range =
          String.join(" ", Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
      return Integer.parseInt(range.strip().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_START;
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
