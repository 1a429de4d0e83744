package dev.computectl.testkit.bench;

import com.sun.net.httpserver.HttpServer;
import dev.computectl.spec.SpecJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The /status floor: the JDK's built-in HTTP server answering a fixed copy of the same JSON, with
 * no routing, auth, tracing or state lookup. Measured with the same clients, it shows what
 * loopback HTTP alone costs on this machine.
 */
final class FixedAnswerServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService pool;

  private FixedAnswerServer(HttpServer server, ExecutorService pool) {
    this.server = server;
    this.pool = pool;
  }

  static FixedAnswerServer start(Object answer) throws IOException {
    // Without TCP_NODELAY, headers and body in two writes meet delayed ACKs (about 40 ms each).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    byte[] body = SpecJson.write(answer).getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
    server.createContext("/status", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    ExecutorService pool = Executors.newFixedThreadPool(StatusLoadBench.CLIENTS, r -> {
      Thread t = new Thread(r, "bench-floor-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.start();
    return new FixedAnswerServer(server, pool);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/status");
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
