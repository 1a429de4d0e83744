package dev.computectl.core.config;

import dev.computectl.core.port.SpecSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.computectl.core.Scrape;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.testing.Specs;
import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.SpecJson;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlPlaneSpecSourceTest {

  private HttpServer server;
  private final ConcurrentLinkedQueue<Object[]> answers = new ConcurrentLinkedQueue<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final NodeMetrics metrics = new NodeMetrics("latest");
  private ControlPlaneSpecSource source;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      seen.add(exchange.getRequestURI().getPath() + " "
          + exchange.getRequestHeaders().getFirst("Authorization"));
      Object[] answer = answers.poll();
      int code = answer == null ? 500 : (int) answer[0];
      byte[] body = (answer == null ? "" : (String) answer[1]).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    source = new ControlPlaneSpecSource(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), "compute-1",
        "tok", HttpClient.newHttpClient(), metrics, 3, Duration.ofMillis(10));
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private static String attached(String workMem) {
    return "{\"status\": \"attached\", \"spec\": " + SpecJson.write(Specs.primary(workMem))
        + ", \"compute_ctl_config\": {\"jwks\": {\"keys\": []}}}";
  }

  @Test
  void retriesBadGatewayAndUndecodableBodiesThenSucceeds() throws Exception {
    answers.add(new Object[] {502, ""});
    answers.add(new Object[] {200, "{not json"});
    answers.add(new Object[] {200, attached("4MB")});
    ComputeConfig config = source.fetch();
    assertThat(config.spec()).isEqualTo(Specs.primary("4MB"));
    assertThat(seen).hasSize(3)
        .allMatch(s -> s.equals("/compute/api/v2/computes/compute-1/spec Bearer tok"));
    String text = Scrape.text(metrics.registry());
    assertThat(text)
        .contains("compute_ctl_cplane_requests_total{http_status=\"502\",rpc=\"GetConfig\"} 1")
        .contains("compute_ctl_cplane_requests_total{http_status=\"200\",rpc=\"GetConfig\"} 2");
  }

  @Test
  void warningsOfTheAnswerAreLoggedOnceAtWarn() throws Exception {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
            ControlPlaneSpecSource.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.read.ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(ch.qos.logback.classic.Level.WARN);
    try {
      answers.add(new Object[] {200, attached("4MB").replace("{\"status\"",
          "{\"region\": \"eu\", \"status\"")});
      assertThat(source.fetch().spec()).isEqualTo(Specs.primary("4MB"));
      assertThat(appender.list).extracting(e -> e.getFormattedMessage()).singleElement()
          .asString().endsWith(": region: unknown field, ignored")
          .startsWith("control plane answer for http://127.0.0.1:");
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(null);
    }
  }

  @Test
  void givesUpAfterThreeAttempts() {
    for (int i = 0; i < 3; i++) {
      answers.add(new Object[] {503, ""});
    }
    assertThatThrownBy(source::fetch)
        .isInstanceOf(SpecSource.SpecFetchException.class)
        .hasMessageContaining("after 3 attempts")
        .hasMessageContaining("HTTP 503");
  }

  @Test
  void otherStatusesFailAtOnce() {
    answers.add(new Object[] {404, "no such compute"});
    assertThatThrownBy(source::fetch).hasMessageContaining("HTTP 404");
    assertThat(seen).hasSize(1);
  }

  @Test
  void emptyMeansNoSpec() throws Exception {
    answers.add(new Object[] {200,
        "{\"status\": \"empty\", \"spec\": null, \"compute_ctl_config\": {\"jwks\": {\"keys\": []}}}"});
    assertThat(source.fetch().spec()).isNull();
  }

  @Test
  void attachedWithoutSpecFailsAtOnce() {
    for (int i = 0; i < 3; i++) {
      answers.add(new Object[] {200,
          "{\"status\": \"attached\", \"compute_ctl_config\": {\"jwks\": {\"keys\": []}}}"});
    }
    assertThatThrownBy(source::fetch)
        .isInstanceOf(SpecSource.SpecFetchException.class)
        .hasMessageContaining("attached but sent no spec");
    assertThat(seen).hasSize(1);
  }

  @Test
  void attachedWithNullSpecFailsAtOnce() {
    answers.add(new Object[] {200, "{\"status\": \"attached\", \"spec\": null,"
        + " \"compute_ctl_config\": {\"jwks\": {\"keys\": []}}}"});
    assertThatThrownBy(source::fetch).hasMessageContaining("attached but sent no spec");
    assertThat(seen).hasSize(1);
  }

  @Test
  void attachedWithABrokenSpecIsRetriedAsUndecodable() throws Exception {
    answers.add(new Object[] {200, "{\"status\": \"attached\", \"spec\": {\"cluster\": 7},"
        + " \"compute_ctl_config\": {\"jwks\": {\"keys\": []}}}"});
    answers.add(new Object[] {200, attached("4MB")});
    assertThat(source.fetch().spec()).isEqualTo(Specs.primary("4MB"));
    assertThat(seen).hasSize(2);
  }

  /** Issue #17: a 500 at startup is retried like a 503, with a growing delay, for a bounded time. */
  @Test
  void startupPolicyRetriesEvery5xxWithBackoffWithinItsBudget() throws Exception {
    ControlPlaneSpecSource startup = new ControlPlaneSpecSource(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "compute-1", "tok",
        HttpClient.newHttpClient(), metrics,
        new ControlPlaneSpecSource.Retry(0, Duration.ofSeconds(20), Duration.ofMillis(20),
            Duration.ofMillis(80)));
    answers.add(new Object[] {500, "boom"});
    answers.add(new Object[] {503, ""});
    answers.add(new Object[] {504, ""});
    answers.add(new Object[] {500, ""});
    answers.add(new Object[] {200, attached("4MB")});
    assertThat(startup.fetch().spec()).isEqualTo(Specs.primary("4MB"));
    assertThat(seen).hasSize(5);

    // Only 500s: it gives up once the next attempt would start after the budget.
    ControlPlaneSpecSource bounded = new ControlPlaneSpecSource(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "compute-1", "tok",
        HttpClient.newHttpClient(), metrics,
        new ControlPlaneSpecSource.Retry(0, Duration.ofMillis(500), Duration.ofMillis(50),
            Duration.ofMillis(100)));
    long start = System.nanoTime();
    assertThatThrownBy(bounded::fetch)
        .isInstanceOf(SpecSource.SpecFetchException.class)
        .hasMessageContaining("HTTP 500");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(seen.size()).isBetween(5 + 4, 5 + 8);
  }

  @Test
  void startupPolicyStillFailsAtOnceOnA4xx() {
    ControlPlaneSpecSource startup = new ControlPlaneSpecSource(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "compute-1", "tok",
        HttpClient.newHttpClient(), metrics, ControlPlaneSpecSource.Retry.within(
            Duration.ofSeconds(30)));
    answers.add(new Object[] {403, "no"});
    assertThatThrownBy(startup::fetch).hasMessageContaining("HTTP 403");
    assertThat(seen).hasSize(1);
  }

  @Test
  void backoffDoublesUpToItsCap() {
    ControlPlaneSpecSource.Retry retry = ControlPlaneSpecSource.Retry.within(Duration.ofSeconds(60));
    assertThat(retry.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(retry.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(retry.delayAfter(6)).isEqualTo(Duration.ofMillis(3200));
    assertThat(retry.delayAfter(7)).isEqualTo(Duration.ofSeconds(5));
    assertThat(retry.delayAfter(50)).isEqualTo(Duration.ofSeconds(5));
  }
}
