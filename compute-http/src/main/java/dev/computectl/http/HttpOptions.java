package dev.computectl.http;

import java.time.Clock;
import java.util.Objects;

/**
 * How one HTTP server listens and how much it accepts. Immutable; change a copy with the {@code
 * with...} methods.
 *
 * @param host address to bind; {@code null} binds every interface (IPv4 and IPv6 where the host
 *     has it). The internal server only accepts a loopback address.
 * @param port TCP port; 0 picks a free one (tests), read it back with {@link ComputeHttpServer#port()}
 * @param maxRequestBytes largest request body accepted; larger bodies get 413
 * @param maxThreads size of the Jetty request thread pool
 * @param maxBlockingRequests how many blocking calls (configure, terminate, schema dumps) may run at
 *     once; more get 503
 * @param clock time source for JWT expiry checks
 */
public record HttpOptions(
    String host, int port, long maxRequestBytes, int maxThreads, int maxBlockingRequests, Clock clock) {

  public static final int DEFAULT_EXTERNAL_PORT = 3080;
  public static final int DEFAULT_INTERNAL_PORT = 3081;
  public static final String LOOPBACK = "127.0.0.1";

  /** Far above any realistic spec (Neon's own limit is 2 MiB, which large role lists can exceed). */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 64L * 1024 * 1024;

  public HttpOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException("maxRequestBytes must be positive, got " + maxRequestBytes);
    }
    // Jetty needs a few threads for acceptors and selectors before it serves anything.
    if (maxThreads < 8) {
      throw new IllegalArgumentException("maxThreads must be at least 8, got " + maxThreads);
    }
    if (maxBlockingRequests < 1) {
      throw new IllegalArgumentException(
          "maxBlockingRequests must be positive, got " + maxBlockingRequests);
    }
    Objects.requireNonNull(clock, "clock");
  }

  /** All interfaces, port 3080. */
  public static HttpOptions externalDefaults() {
    return new HttpOptions(null, DEFAULT_EXTERNAL_PORT, DEFAULT_MAX_REQUEST_BYTES, 32, 16, Clock.systemUTC());
  }

  /**
   * Loopback only, port 3081: the internal server has no auth and only local callers need it
   * (Neon's listens on every interface).
   */
  public static HttpOptions internalDefaults() {
    return new HttpOptions(
        LOOPBACK, DEFAULT_INTERNAL_PORT, DEFAULT_MAX_REQUEST_BYTES, 16, 16, Clock.systemUTC());
  }

  public HttpOptions withHost(String newHost) {
    return new HttpOptions(newHost, port, maxRequestBytes, maxThreads, maxBlockingRequests, clock);
  }

  public HttpOptions withPort(int newPort) {
    return new HttpOptions(host, newPort, maxRequestBytes, maxThreads, maxBlockingRequests, clock);
  }

  public HttpOptions withMaxRequestBytes(long bytes) {
    return new HttpOptions(host, port, bytes, maxThreads, maxBlockingRequests, clock);
  }

  public HttpOptions withMaxBlockingRequests(int count) {
    return new HttpOptions(host, port, maxRequestBytes, maxThreads, count, clock);
  }

  public HttpOptions withClock(Clock newClock) {
    return new HttpOptions(host, port, maxRequestBytes, maxThreads, maxBlockingRequests, newClock);
  }

  /** For messages: the address as an operator would type it. */
  String displayAddress() {
    String h = host == null ? "*" : (host.contains(":") ? "[" + host + "]" : host);
    return h + ":" + port;
  }
}
