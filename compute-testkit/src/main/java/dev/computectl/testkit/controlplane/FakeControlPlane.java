package dev.computectl.testkit.controlplane;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process stand-in for Neon's control plane on 127.0.0.1 and an ephemeral port. It answers
 * {@code GET /compute/api/v2/computes/{id}/spec} from a script per compute id: each request takes
 * the next answer, and the last answer repeats. Unknown ids and paths get 404. Every request is
 * recorded.
 *
 * <pre>{@code
 * try (FakeControlPlane cp = FakeControlPlane.start()) {
 *   cp.script("c1", ControlPlaneAnswer.error(503), ControlPlaneAnswer.attached(spec, keys));
 *   // start a compute with --control-plane-uri cp.baseUri() --compute-id c1
 * }
 * }</pre>
 */
public final class FakeControlPlane implements AutoCloseable {

  private static final Pattern SPEC_PATH =
      Pattern.compile("^/compute/api/v2/computes/([^/]+)/spec$");

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Deque<ControlPlaneAnswer>> scripts = new ConcurrentHashMap<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  private FakeControlPlane(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds 127.0.0.1 on a free port and starts serving. */
  public static FakeControlPlane start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      AtomicInteger threads = new AtomicInteger();
      int port = server.getAddress().getPort();
      ExecutorService executor =
          Executors.newCachedThreadPool(
              task -> {
                Thread t =
                    new Thread(
                        task, "fake-control-plane-" + port + "-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      FakeControlPlane plane = new FakeControlPlane(server, executor);
      server.createContext("/", plane::handle);
      server.setExecutor(executor);
      server.start();
      return plane;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake control plane", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}, the value for {@code --control-plane-uri}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Replaces the script of a compute: answers in order, the last one repeats. */
  public FakeControlPlane script(String computeId, ControlPlaneAnswer... answers) {
    if (answers.length == 0) {
      throw new IllegalArgumentException("a script needs at least one answer");
    }
    Deque<ControlPlaneAnswer> queue = new ArrayDeque<>(List.of(answers));
    scripts.put(computeId, queue);
    return this;
  }

  /** Answers every request of this compute the same way. */
  public FakeControlPlane answer(String computeId, ControlPlaneAnswer answer) {
    return script(computeId, answer);
  }

  /** Every request so far, in arrival order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Requests for one compute's spec, in arrival order. */
  public List<RecordedRequest> requests(String computeId) {
    return requests.stream().filter(r -> computeId.equals(r.computeId())).toList();
  }

  public int requestCount(String computeId) {
    return requests(computeId).size();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Matcher matcher = SPEC_PATH.matcher(path);
      String computeId = matcher.matches() ? matcher.group(1) : null;
      requests.add(record(exchange, path, computeId));
      if (computeId == null) {
        send(exchange, 404, "{\"error\":\"no such route\"}");
        return;
      }
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "");
        return;
      }
      ControlPlaneAnswer answer = next(computeId);
      if (answer == null) {
        send(exchange, 404, "{\"error\":\"unknown compute " + computeId + "\"}");
        return;
      }
      give(exchange, answer);
    }
  }

  private ControlPlaneAnswer next(String computeId) {
    Deque<ControlPlaneAnswer> script = scripts.get(computeId);
    if (script == null) {
      return null;
    }
    synchronized (script) {
      return script.size() > 1 ? script.poll() : script.peek();
    }
  }

  private static void give(HttpExchange exchange, ControlPlaneAnswer answer) throws IOException {
    if (answer instanceof ControlPlaneAnswer.Respond r) {
      send(exchange, r.status(), r.body());
    } else if (answer instanceof ControlPlaneAnswer.Delayed d) {
      try {
        Thread.sleep(d.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      give(exchange, d.then());
    }
    // Disconnect: closing the exchange before any header is sent drops the connection.
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static RecordedRequest record(HttpExchange exchange, String path, String computeId) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    return new RecordedRequest(
        exchange.getRequestMethod(),
        path,
        exchange.getRequestURI().getRawQuery(),
        headers,
        Instant.now(),
        computeId);
  }
}
