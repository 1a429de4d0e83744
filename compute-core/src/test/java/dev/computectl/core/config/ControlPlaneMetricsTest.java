package dev.computectl.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.computectl.core.ComputeNode;
import dev.computectl.core.Scrape;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.testing.FakeApplier;
import dev.computectl.core.testing.FakePlatform;
import dev.computectl.core.testing.Specs;
import dev.computectl.core.testing.TestNodes;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.SpecJson;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Control-plane requests of a refresh are counted in the node's own registry. */
class ControlPlaneMetricsTest {

  private static final String COUNTED =
      "compute_ctl_cplane_requests_total{http_status=\"200\",rpc=\"GetConfig\"} 1";

  private final FakePlatform platform = new FakePlatform();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private URI base;
  private ComputeNode node;

  @BeforeEach
  void startControlPlane() throws Exception {
    byte[] body = ("{\"status\": \"attached\", \"spec\": " + SpecJson.write(Specs.primary("8MB"))
        + ", \"compute_ctl_config\": {\"jwks\": {\"keys\": []}}}")
        .getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      seen.add(exchange.getRequestURI().getPath() + " "
          + exchange.getRequestHeaders().getFirst("Authorization"));
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    server.stop(0);
  }

  private void refreshAndAwaitRunning() throws Exception {
    node.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.status() == ComputeStatus.RUNNING);
    node.refreshConfiguration();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> !seen.isEmpty() && node.status() == ComputeStatus.RUNNING);
  }

  @Test
  void controlPlaneSourceCountsInTheNodeRegistry() throws Exception {
    node = TestNodes.builder("c-cplane", platform, new FakeApplier())
        .spec(Specs.primary("4MB"))
        .controlPlane(base, "tok")
        .build();
    refreshAndAwaitRunning();
    assertThat(seen).containsExactly("/compute/api/v2/computes/c-cplane/spec Bearer tok");
    assertThat(Scrape.text(node.metricsRegistry())).contains(COUNTED);
  }

  @Test
  void sourceFactoryGetsTheNodeMetrics() throws Exception {
    node = TestNodes.builder("c-factory", platform, new FakeApplier())
        .spec(Specs.primary("4MB"))
        .specSource(metrics -> new ControlPlaneSpecSource(base, "c-factory", "tok",
            HttpClient.newHttpClient(), metrics))
        .build();
    refreshAndAwaitRunning();
    assertThat(Scrape.text(node.metricsRegistry())).contains(COUNTED);
  }

  @Test
  void metricsHandedToTheBuilderAreTheNodeRegistry() throws Exception {
    // The launcher's startup fetch happens before the node exists, on metrics it hands over.
    NodeMetrics early = new NodeMetrics("latest");
    ControlPlaneSpecSource source = new ControlPlaneSpecSource(base, "c-early", "tok",
        HttpClient.newHttpClient(), early);
    source.fetch();
    node = TestNodes.builder("c-early", platform, new FakeApplier())
        .spec(Specs.primary("4MB"))
        .metrics(early)
        .specSource(source)
        .build();
    assertThat(node.metricsRegistry()).isSameAs(early.registry());
    refreshAndAwaitRunning();
    assertThat(Scrape.text(node.metricsRegistry())).contains(
        "compute_ctl_cplane_requests_total{http_status=\"200\",rpc=\"GetConfig\"} 2");
  }
}
