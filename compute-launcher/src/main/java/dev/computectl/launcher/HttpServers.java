package dev.computectl.launcher;

import dev.computectl.core.ComputeLogContext;
import dev.computectl.core.ComputeOperations;
import dev.computectl.http.ComputeHttpServer;
import dev.computectl.http.HttpOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * compute_ctl's two HTTP servers, started on a thread of their own: in a fresh JVM starting Jetty
 * is the largest single step of a start, so it runs beside the config read, the template copy and
 * the postmaster start instead of before them.
 */
record HttpServers(ComputeHttpServer external, ComputeHttpServer internal) {

  private static final Logger log = LoggerFactory.getLogger(HttpServers.class);

  /** Starts both; the future fails with the first server's error (the other one closed). */
  static CompletableFuture<HttpServers> startAsync(ComputeOperations ops, LaunchOptions options) {
    CompletableFuture<HttpServers> started = new CompletableFuture<>();
    Thread t = new Thread(ComputeLogContext.bound(options.computeId(), () -> {
      try {
        started.complete(start(ops, options));
      } catch (Throwable e) {
        started.completeExceptionally(e);
      }
    }), options.computeId() + "-http-start");
    t.setDaemon(true);
    t.start();
    return started;
  }

  static HttpServers start(ComputeOperations ops, LaunchOptions options) {
    long began = System.nanoTime();
    ComputeHttpServer external = ComputeHttpServer.external(ops,
        HttpOptions.externalDefaults().withPort(options.externalHttpPort())).start();
    ComputeHttpServer internal;
    try {
      internal = ComputeHttpServer.internal(ops,
          HttpOptions.internalDefaults().withPort(options.internalHttpPort())).start();
    } catch (RuntimeException e) {
      closeQuietly(external);
      throw e;
    }
    log.info("startup phase 'start http servers' took {} ms (beside the others): external"
        + " http://0.0.0.0:{}, internal http://127.0.0.1:{}",
        Duration.ofNanos(System.nanoTime() - began).toMillis(), external.port(), internal.port());
    log.info("external API: http://127.0.0.1:{}/status (JWT), http://127.0.0.1:{}/metrics",
        external.port(), external.port());
    log.info("internal API: http://127.0.0.1:{} (loopback only)", internal.port());
    return new HttpServers(external, internal);
  }

  /** Closes both; the exit code is Postgres's whatever the servers do while closing. */
  void close() {
    closeQuietly(external);
    closeQuietly(internal);
  }

  private static void closeQuietly(ComputeHttpServer server) {
    try {
      server.close();
    } catch (RuntimeException e) {
      log.warn("closing an HTTP server failed: {}", e.toString());
    }
  }
}
