package dev.computectl.http;

import dev.computectl.core.ComputeOperations;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the two HTTP servers of a compute. The launcher (or an embedder) creates both, starts them
 * before anything else, and closes them at the end:
 *
 * <pre>{@code
 * try (ComputeHttpServer ext = ComputeHttpServer.external(node, HttpOptions.externalDefaults()).start();
 *      ComputeHttpServer in = ComputeHttpServer.internal(node, HttpOptions.internalDefaults()).start()) {
 *   ...
 * }
 * }</pre>
 *
 * The external server checks a JWT on every route but {@code /metrics}, {@code
 * /autoscaling_metrics}, {@code /liveness} and {@code /readiness}. The internal one has no auth
 * and therefore binds loopback only.
 */
public final class ComputeHttpServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ComputeHttpServer.class);
  /**
   * How long {@link #close()} lets in-flight requests finish (a {@code /terminate} whose answer
   * is being written as the compute exits) before it cuts them off.
   */
  static final Duration STOP_GRACE = Duration.ofSeconds(2);
  /** How long an idle connection may stay open once the server is stopping. */
  private static final Duration SHUTDOWN_IDLE = Duration.ofMillis(50);

  private final String name;
  private final HttpOptions options;
  private final BlockingCalls blocking;
  private final Javalin app;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ComputeHttpServer(
      String kind, ComputeOperations ops, HttpOptions options, JwtAuthenticator authenticator) {
    String computeId = Objects.requireNonNullElse(ops.computeId(), "compute");
    this.name = kind + " HTTP server of " + computeId;
    this.options = options;
    this.blocking = new BlockingCalls("http-" + kind + "-blocking-" + computeId, options.maxBlockingRequests());
    JsonBodies bodies = new JsonBodies(Json.mapper(), options.maxRequestBytes());
    List<Route> routes =
        authenticator == null ? RouteTable.internal(ops, bodies) : RouteTable.external(ops, bodies);
    RequestTracing tracing = new RequestTracing(kind, computeId);
    this.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
              cfg.http.maxRequestSize = options.maxRequestBytes();
              cfg.http.prefer405over404 = true;
              cfg.http.asyncTimeout = 0; // configure and terminate may legitimately take minutes
              cfg.jetty.host = options.host();
              cfg.jetty.port = options.port();
              QueuedThreadPool pool = new QueuedThreadPool(options.maxThreads(), 2, 60_000);
              pool.setName("http-" + kind + "-" + computeId);
              pool.setDaemon(true);
              cfg.jetty.threadPool = pool;
              cfg.jetty.modifyServer(
                  server -> {
                    // Javalin puts its servlet context inside this wrapper. On stop it refuses
                    // new requests and Jetty waits up to the stop timeout for those in flight.
                    GracefulHandler graceful = new GracefulHandler();
                    shortenShutdownIdle(graceful);
                    server.setHandler(graceful);
                    server.setStopTimeout(STOP_GRACE.toMillis());
                    ErrorAnswers.installJetty(server); // 414/431 as JSON, not Jetty's HTML
                  });
              cfg.jetty.modifyServletContextHandler(tracing::install);
              cfg.requestLogger.http(tracing::logRequest);
              cfg.routes.before(tracing::assignId);
              if (authenticator != null) {
                // Fail closed: a route without the OPEN role needs a token.
                cfg.routes.beforeMatched(
                    ctx -> {
                      if (!ctx.routeRoles().contains(Access.OPEN)) {
                        authenticator.authorize(ctx.header("Authorization"));
                      }
                    });
              }
              for (Route route : routes) {
                cfg.routes.addHttpHandler(
                    route.method(),
                    route.path(),
                    route.blocking() ? blocking.wrap(route.handler()) : route.handler(),
                    route.access());
              }
              ErrorAnswers.install(cfg.routes, options.maxRequestBytes());
            });
  }

  /** The JWT-protected server for the control plane and users (default port 3080). */
  public static ComputeHttpServer external(ComputeOperations ops, HttpOptions options) {
    JwtAuthenticator authenticator =
        new JwtAuthenticator(ops::jwks, ops::computeId, options.clock());
    return new ComputeHttpServer("external", ops, options, authenticator);
  }

  /**
   * The unauthenticated server for local callers (default 127.0.0.1:3081).
   *
   * @throws IllegalArgumentException when {@code options.host()} is not a loopback address
   */
  public static ComputeHttpServer internal(ComputeOperations ops, HttpOptions options) {
    requireLoopback(options.host());
    return new ComputeHttpServer("internal", ops, options, null);
  }

  /**
   * Binds and starts serving.
   *
   * @throws HttpStartException when the address cannot be bound (port in use, no such address)
   */
  public ComputeHttpServer start() {
    if (closed.get()) {
      throw new IllegalStateException(name + " is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException(name + " is already started");
    }
    try {
      app.start();
    } catch (RuntimeException e) {
      close();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new HttpStartException(
          "cannot start the " + name + " on " + options.displayAddress() + ": " + cause.getMessage(), e);
    }
    log.info("{} listening on {}", name, options.withPort(port()).displayAddress());
    return this;
  }

  /** The bound port (the real one when the options asked for 0). */
  public int port() {
    if (!started.get()) {
      throw new IllegalStateException(name + " is not started");
    }
    return app.port();
  }

  /**
   * Stops accepting, lets in-flight requests finish for up to {@link #STOP_GRACE} (so a {@code
   * /terminate} gets its answer), then ends what still runs and releases the port. Idempotent.
   * Never throws: a graceful stop that ran out of time (Jetty's {@code TimeoutException}, e.g. a
   * client that got its answer and keeps its keep-alive connection open) or any other trouble
   * while stopping is logged at WARN, because the caller is shutting down and its outcome (the
   * process exit code) must not depend on how the HTTP connections ended.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      app.stop();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.warn("{}: stopping did not finish cleanly within {} ms ({}); connections still open"
          + " were cut off", name, STOP_GRACE.toMillis(), cause.toString());
    } finally {
      blocking.close();
    }
  }

  /**
   * A client's idle keep-alive connection is closed at once when the server stops, rather than
   * after Jetty 12.1's default second; a request in flight is not idle and may finish. Jetty 12.0
   * (what Spring Boot 3 brings) has no such setting and keeps its own behaviour.
   */
  private static void shortenShutdownIdle(GracefulHandler graceful) {
    try {
      graceful.setShutdownIdleTimeout(SHUTDOWN_IDLE.toMillis());
    } catch (NoSuchMethodError e) {
      // Jetty 12.0
    }
  }

  private static void requireLoopback(String host) {
    boolean loopback;
    try {
      loopback = host != null && InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      loopback = false;
    }
    if (!loopback) {
      throw new IllegalArgumentException(
          "the internal HTTP server has no authentication and must bind a loopback address, not "
              + (host == null ? "every interface" : host));
    }
  }
}
