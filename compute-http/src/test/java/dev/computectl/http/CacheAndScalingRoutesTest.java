package dev.computectl.http;

import static dev.computectl.http.ExternalRoutesTest.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.computectl.core.ComputeException;
import dev.computectl.core.ComputeOperations;
import dev.computectl.spec.ComputeStatus;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /autoscaling_metrics} and {@code /lfc/*}: what Neon answers on a compute without a cache. */
class CacheAndScalingRoutesTest {

  ComputeOperations ops = mock(ComputeOperations.class);
  ComputeHttpServer server;
  TestHttp http;

  @BeforeEach
  void start() throws Exception {
    var key = TestTokens.newEd25519("k1");
    when(ops.computeId()).thenReturn(ExternalRoutesTest.COMPUTE_ID);
    when(ops.jwks()).thenReturn(TestTokens.jwks(key));
    server = ComputeHttpServer.external(
        ops, HttpOptions.externalDefaults().withHost("127.0.0.1").withPort(0)).start();
    http = new TestHttp(server)
        .withToken(TestTokens.sign(key, Map.of("compute_id", ExternalRoutesTest.COMPUTE_ID)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void autoscaling_metrics_are_open_prometheus_text_of_a_fresh_snapshot() throws Exception {
    when(ops.autoscalingMetrics())
        .thenReturn(connections(3), connections(5))
        .thenThrow(new ComputeException.InvalidState(ComputeStatus.INIT));
    TestHttp anonymous = new TestHttp(server);

    HttpResponse<String> first = anonymous.get("/autoscaling_metrics");
    HttpResponse<String> second = anonymous.get("/autoscaling_metrics");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    assertThat(first.body()).contains("# TYPE connection_counts gauge");
    String series = "connection_counts{datname=\"shop\",state=\"active\"}";
    assertThat(PrometheusTextCheck.parse(first.body())).containsEntry(series, 3.0);
    assertThat(PrometheusTextCheck.parse(second.body())).containsEntry(series, 5.0);
    assertJsonError(anonymous.get("/autoscaling_metrics"), 412, "invalid compute status: init");
  }

  @Test
  void prewarm_is_accepted_and_ends_skipped_as_on_a_neon_compute_without_a_cache()
      throws Exception {
    assertThat(http.get("/lfc/prewarm").body()).isEqualTo("{\"status\":\"not_prewarmed\"}");

    HttpResponse<String> prewarm = http.post("/lfc/prewarm?from_endpoint=ep-other");
    assertThat(prewarm.statusCode()).isEqualTo(202);
    assertThat(prewarm.body()).isEmpty();
    assertThat(http.get("/lfc/prewarm").body()).isEqualTo("{\"status\":\"skipped\"}");
    // A second request is not "already under way" (429 in Neon): nothing ever runs.
    assertThat(http.post("/lfc/prewarm").statusCode()).isEqualTo(202);

    HttpResponse<String> cancel = http.send(http.request("/lfc/prewarm").DELETE());
    assertThat(cancel.statusCode()).isEqualTo(202);
    assertThat(http.get("/lfc/prewarm").body()).isEqualTo("{\"status\":\"skipped\"}");
  }

  @Test
  void offload_is_accepted_and_ends_skipped() throws Exception {
    assertThat(http.get("/lfc/offload").body()).isEqualTo("{\"status\":\"not_offloaded\"}");
    assertThat(http.post("/lfc/offload").statusCode()).isEqualTo(202);
    assertThat(http.get("/lfc/offload").body()).isEqualTo("{\"status\":\"skipped\"}");
    assertJsonError(http.send(http.request("/lfc/offload").DELETE()), 405, "not allowed");
  }

  @Test
  void the_cache_routes_need_a_token_as_in_neon() throws Exception {
    TestHttp anonymous = new TestHttp(server);
    assertJsonError(anonymous.get("/lfc/prewarm"), 400, "invalid authorization token");
    assertJsonError(anonymous.post("/lfc/offload"), 400, "invalid authorization token");
    assertThat(http.get("/lfc/offload").body()).isEqualTo("{\"status\":\"not_offloaded\"}");
  }

  private static MetricSnapshots connections(int active) {
    return MetricSnapshots.of(GaugeSnapshot.builder().name("connection_counts").help("Connection counts")
        .dataPoint(GaugeDataPointSnapshot.builder()
            .labels(Labels.of("datname", "shop", "state", "active")).value(active).build())
        .build());
  }
}
