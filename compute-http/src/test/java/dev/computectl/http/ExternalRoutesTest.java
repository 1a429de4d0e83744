package dev.computectl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.computectl.core.ComputeException;
import dev.computectl.core.ComputeOperations;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.SpecProblem;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.api.CatalogObjects;
import dev.computectl.spec.api.ComputeMetrics;
import dev.computectl.spec.api.ComputeStatusResponse;
import dev.computectl.spec.api.TerminateMode;
import dev.computectl.spec.api.TerminateResponse;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExternalRoutesTest {

  static final String COMPUTE_ID = "compute-1";
  static final String MINIMAL_CONFIGURE =
      "{\"spec\":{\"format_version\":1.0,\"cluster\":{\"roles\":[],\"databases\":[]},"
          + "\"suspend_timeout_seconds\":0},\"compute_ctl_config\":{\"jwks\":{\"keys\":[]}}}";

  ComputeOperations ops = mock(ComputeOperations.class);
  OctetKeyPair key;
  ComputeHttpServer server;
  TestHttp http;

  @BeforeEach
  void start() throws Exception {
    key = TestTokens.newEd25519("k1");
    JsonNode jwks = TestTokens.jwks(key);
    when(ops.computeId()).thenReturn(COMPUTE_ID);
    when(ops.jwks()).thenReturn(jwks);
    server = ComputeHttpServer.external(ops, HttpOptions.externalDefaults().withHost("127.0.0.1").withPort(0)).start();
    http = new TestHttp(server).withToken(TestTokens.sign(key, Map.of("compute_id", COMPUTE_ID)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static ComputeStatusResponse statusOf(ComputeStatus status) {
    return new ComputeStatusResponse(Instant.parse("2025-04-01T08:00:00.250Z"), null, null, status, null, null);
  }

  static void assertJsonError(HttpResponse<String> r, int code, String messagePart) {
    assertThat(r.statusCode()).isEqualTo(code);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.body()).startsWith("{\"error\":\"").contains(messagePart);
  }

  @Test
  void status_returns_the_status_response() throws Exception {
    when(ops.statusResponse()).thenReturn(statusOf(ComputeStatus.RUNNING));
    HttpResponse<String> r = http.get("/status");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = TestTokens.MAPPER.readTree(r.body());
    assertThat(body.get("status").asText()).isEqualTo("running");
    assertThat(body.fieldNames()).toIterable()
        .containsExactlyInAnyOrder("start_time", "tenant", "timeline", "status", "last_active", "error");
  }

  @Test
  void metrics_json_returns_the_thirteen_timings() throws Exception {
    when(ops.metrics()).thenReturn(ComputeMetrics.ZERO);
    HttpResponse<String> r = http.get("/metrics.json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(TestTokens.MAPPER.readTree(r.body()).size()).isEqualTo(13);
  }

  @Test
  void configure_answers_the_final_status() throws Exception {
    when(ops.configure(any())).thenReturn(statusOf(ComputeStatus.RUNNING));
    HttpResponse<String> r = http.postJson("/configure", MINIMAL_CONFIGURE);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(TestTokens.MAPPER.readTree(r.body()).get("status").asText()).isEqualTo("running");
  }

  @Test
  void configure_maps_each_core_error_to_its_code() throws Exception {
    when(ops.configure(any()))
        .thenThrow(new ComputeException.InvalidSpec(List.of(
            new SpecProblem("tenant_id", "missing"), new SpecProblem("cluster.roles[0].name", "empty"))))
        .thenThrow(new ComputeException.InvalidState(ComputeStatus.CONFIGURATION_PENDING))
        .thenThrow(new ComputeException.ConfigurationFailed("role x: boom"));
    assertJsonError(http.postJson("/configure", MINIMAL_CONFIGURE), 400,
        "invalid spec: tenant_id: missing; cluster.roles[0].name: empty");
    assertJsonError(
        http.postJson("/configure", MINIMAL_CONFIGURE), 412, "invalid compute status: configuration-pending");
    assertJsonError(http.postJson("/configure", MINIMAL_CONFIGURE), 500, "compute configuration failed: role x: boom");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(ComputeStatus.class)
  void a_wrong_state_is_412_naming_the_state(ComputeStatus state) throws Exception {
    when(ops.configure(any())).thenThrow(new ComputeException.InvalidState(state));
    when(ops.terminate(any())).thenThrow(new ComputeException.InvalidState(state));
    when(ops.insights()).thenThrow(new ComputeException.InvalidState(state));
    String expected = "{\"error\":\"invalid compute status: " + state.label() + "\"}";
    for (HttpResponse<String> r : List.of(
        http.postJson("/configure", MINIMAL_CONFIGURE), http.post("/terminate"), http.get("/insights"))) {
      assertThat(r.statusCode()).isEqualTo(412);
      assertThat(r.body()).isEqualTo(expected);
    }
  }

  @Test
  void configure_rejects_bad_bodies_before_calling_the_compute() throws Exception {
    // Neon's JSON extractor: a syntax error is 400, valid JSON of the wrong shape 422; the spec
    // module's wording: the JSON path and what was expected and found, or for bad JSON the line
    // and column.
    assertJsonError(http.postJson("/configure", "{\"spec\": "), 400,
        "{\"error\":\"spec: unexpected end of input at line 1, column 10: an object is not"
            + " closed with '}'\"}");
    assertJsonError(http.postJson("/configure", "{\"spec\": {]}"), 400, "line 1");
    assertJsonError(http.postJson("/configure", "{\"spec\": {}}"), 422,
        "{\"error\":\"spec.format_version: is required but missing\"}");
    assertJsonError(http.postJson("/configure", MINIMAL_CONFIGURE.replace("\"roles\":[]",
        "\"roles\":[{\"name\":123}]")), 422,
        "{\"error\":\"spec.cluster.roles[0].name: expected a string, got the number 123\"}");
    assertJsonError(http.postJson("/configure", MINIMAL_CONFIGURE.replace("{\"spec\":{",
        "{\"spec\":\n{format_version")), 400,
        "{\"error\":\"spec: invalid JSON at line 2, column 2: unexpected character 'f', expected a"
            + " field name in double quotes\"}");
    assertJsonError(
        http.postJson("/configure", MINIMAL_CONFIGURE.replace("\"roles\":[]", "\"roles\":5")),
        422, "spec.cluster.roles");
    assertJsonError(http.postJson("/configure", "[1, 2]"), 422, "expected an object, got an array");
    assertJsonError(http.postJson("/configure", "null"), 422, "null");
    assertJsonError(http.postJson("/configure", ""), 400, "empty");
    assertJsonError(http.postJson("/configure", "  \n"), 400, "empty");
    HttpResponse<String> noType =
        http.send(http.request("/configure").POST(HttpRequest.BodyPublishers.ofString(MINIMAL_CONFIGURE)));
    assertJsonError(noType, 415, "application/json");
    verify(ops, never()).configure(any());
  }

  @Test
  void a_body_that_is_not_utf8_is_400_naming_the_offset() throws Exception {
    byte[] body = MINIMAL_CONFIGURE.replace("\"roles\":[]", "\"roles\":[{\"name\":\"shop\u00ffapp\"}]")
        .getBytes(StandardCharsets.ISO_8859_1); // 0xff is never valid UTF-8
    int offset = new String(body, StandardCharsets.ISO_8859_1).indexOf('\u00ff');
    HttpResponse<String> r = http.send(http.request("/configure").header("Content-Type", TestHttp.JSON)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertJsonError(r, 400, "not valid UTF-8");
    assertThat(r.body()).contains("byte offset " + offset);
    verify(ops, never()).configure(any());
  }

  @Test
  void a_key_set_with_an_unusable_key_is_400_naming_it() throws Exception {
    for (String keys : List.of("[{\"kty\":\"OKP\"}]", "[1]")) {
      HttpResponse<String> r = http.postJson("/configure",
          MINIMAL_CONFIGURE.replace("\"keys\":[]", "\"keys\":" + keys));
      assertJsonError(r, 400, "compute_ctl_config.jwks.keys[0]");
    }
    verify(ops, never()).configure(any());
  }

  @Test
  void oversized_headers_and_uris_get_json_errors() throws Exception {
    HttpResponse<String> header = http.send(http.request("/status").header("X-Big", "h".repeat(64 * 1024)).GET());
    assertJsonError(header, 431, "request header fields are too large");
    HttpResponse<String> uri = http.get("/status?pad=" + "u".repeat(64 * 1024));
    assertThat(uri.statusCode()).isIn(414, 431);
    assertThat(uri.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(uri.body()).startsWith("{\"error\":\"");
    // The server keeps serving.
    when(ops.statusResponse()).thenReturn(statusOf(ComputeStatus.RUNNING));
    assertThat(http.get("/status").statusCode()).isEqualTo(200);
  }

  @Test
  void an_invalid_request_from_the_core_is_400() throws Exception {
    when(ops.databaseSchema(any())).thenThrow(
        new ComputeException.InvalidRequest("database 'postgres\\u0000' contains a NUL character at position 8"));
    assertJsonError(http.get("/database_schema?database=postgres%00"), 400, "NUL character");
  }

  @Test
  void a_body_over_the_limit_gets_413() throws Exception {
    server.close();
    server = ComputeHttpServer.external(
            ops, HttpOptions.externalDefaults().withHost("127.0.0.1").withPort(0).withMaxRequestBytes(1024))
        .start();
    TestHttp small = new TestHttp(server).withToken(TestTokens.sign(key, Map.of("compute_id", COMPUTE_ID)));
    String big = "{\"pad\":\"" + "x".repeat(4096) + "\"}";
    assertJsonError(small.postJson("/configure", big), 413, "larger than 1024 bytes");
    verify(ops, never()).configure(any());
  }

  @Test
  void terminate_returns_the_lsn_and_201_when_already_terminated() throws Exception {
    TerminateResponse lsn = new TerminateResponse(Lsn.parse("0/1A2B3C8"));
    when(ops.terminate(TerminateMode.FAST)).thenReturn(new ComputeOperations.TerminateResult(lsn, false));
    when(ops.terminate(TerminateMode.IMMEDIATE)).thenReturn(new ComputeOperations.TerminateResult(lsn, true));
    HttpResponse<String> fast = http.post("/terminate");
    assertThat(fast.statusCode()).isEqualTo(200);
    assertThat(fast.body()).isEqualTo("{\"lsn\":\"0/1A2B3C8\"}");
    assertThat(http.post("/terminate?mode=immediate").statusCode()).isEqualTo(201);
  }

  @Test
  void terminate_rejects_an_unknown_mode_and_a_wrong_state() throws Exception {
    assertJsonError(http.post("/terminate?mode=gentle"), 400, "invalid terminate mode 'gentle'");
    when(ops.terminate(TerminateMode.FAST)).thenThrow(new ComputeException.InvalidState(ComputeStatus.INIT));
    assertJsonError(http.post("/terminate?mode=fast"), 412, "invalid compute status: init");
  }

  @Test
  void terminate_answers_null_lsn_as_null() throws Exception {
    when(ops.terminate(TerminateMode.FAST))
        .thenReturn(new ComputeOperations.TerminateResult(new TerminateResponse(null), false));
    assertThat(http.post("/terminate").body()).isEqualTo("{\"lsn\":null}");
  }

  @Test
  void check_writability_answers_json_true_or_the_error() throws Exception {
    HttpResponse<String> ok = http.post("/check_writability");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("true");
    org.mockito.Mockito.doThrow(new ComputeException.InvalidState(ComputeStatus.EMPTY))
        .doThrow(new ComputeException.OperationFailed("connection refused", null))
        .when(ops).checkWritability();
    assertJsonError(http.post("/check_writability"), 412, "invalid compute status: empty");
    assertJsonError(http.post("/check_writability"), 500, "connection refused");
  }

  @Test
  void dbs_and_roles_returns_the_catalog() throws Exception {
    when(ops.catalogObjects()).thenReturn(new CatalogObjects(List.of(), List.of()));
    HttpResponse<String> r = http.get("/dbs_and_roles");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"roles\":[],\"databases\":[]}");
    when(ops.catalogObjects()).thenThrow(new ComputeException.OperationFailed("postgres is down", null));
    assertJsonError(http.get("/dbs_and_roles"), 500, "postgres is down");
  }

  @Test
  void database_schema_streams_sql_as_plain_text() throws Exception {
    String dump = "CREATE TABLE t (id int);\n".repeat(5000);
    when(ops.databaseSchema("shop db"))
        .thenReturn(new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8)));
    HttpResponse<String> r = http.get("/database_schema?database=shop%20db");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(r.body()).isEqualTo(dump);
  }

  @Test
  void database_schema_needs_the_query_and_an_existing_database() throws Exception {
    assertJsonError(http.get("/database_schema"), 400, "missing query parameter: database");
    when(ops.databaseSchema("nope")).thenThrow(new ComputeException.NotFound("database does not exist"));
    assertJsonError(http.get("/database_schema?database=nope"), 404, "database does not exist");
  }

  @Test
  void insights_is_the_object_inside_a_json_string_as_neon_sends_it() throws Exception {
    JsonNode rows = TestTokens.MAPPER.readTree("{\"pg_stat_statements\":[{\"calls\":3}]}");
    when(ops.insights()).thenReturn(rows)
        .thenThrow(new ComputeException.InvalidState(ComputeStatus.INIT))
        .thenThrow(new ComputeException.OperationFailed("could not connect to Postgres", null));
    HttpResponse<String> r = http.get("/insights");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    JsonNode outer = TestTokens.MAPPER.readTree(r.body());
    assertThat(outer.isTextual()).as(r.body()).isTrue();
    assertThat(TestTokens.MAPPER.readTree(outer.asText())).isEqualTo(rows);
    assertJsonError(http.get("/insights"), 412, "invalid compute status: init");
    assertJsonError(http.get("/insights"), 500, "could not connect");
  }

  @Test
  void prometheus_metrics_are_open_and_in_text_format() throws Exception {
    io.prometheus.metrics.model.registry.PrometheusRegistry registry =
        new io.prometheus.metrics.model.registry.PrometheusRegistry();
    io.prometheus.metrics.core.metrics.Gauge up = io.prometheus.metrics.core.metrics.Gauge.builder()
        .name("compute_ctl_up").help("whether up").labelNames("build_tag", "status").register(registry);
    up.labelValues("v1", "running").set(1);
    io.prometheus.metrics.core.metrics.Counter.builder()
        .name("compute_pg_downtime_ms_total").help("downtime").register(registry).inc(12);
    when(ops.metricsRegistry()).thenReturn(registry);
    HttpResponse<String> r = new TestHttp(server).get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    Map<String, Double> samples = PrometheusTextCheck.parse(r.body());
    assertThat(samples)
        .containsEntry("compute_ctl_up{build_tag=\"v1\",status=\"running\"}", 1.0)
        .containsEntry("compute_pg_downtime_ms_total", 12.0);
  }

  @Test
  void probes_are_open_and_readiness_follows_ready() throws Exception {
    TestHttp anonymous = new TestHttp(server);
    // ready() is the node's own answer (running and Postgres answering), not the bare status.
    when(ops.status()).thenReturn(ComputeStatus.RUNNING);
    when(ops.ready()).thenReturn(false, true);
    assertThat(anonymous.get("/liveness").statusCode()).isEqualTo(200);
    HttpResponse<String> notReady = anonymous.get("/readiness");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEmpty();
    HttpResponse<String> ready = anonymous.get("/readiness");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEmpty();
  }

  @Test
  void request_id_is_echoed_or_generated() throws Exception {
    when(ops.statusResponse()).thenReturn(statusOf(ComputeStatus.EMPTY));
    HttpResponse<String> given = http.send(http.request("/status").header("x-request-id", "abc-123").GET());
    assertThat(given.headers().firstValue("x-request-id")).hasValue("abc-123");
    HttpResponse<String> generated = http.get("/status");
    assertThat(generated.headers().firstValue("x-request-id"))
        .hasValueSatisfying(v -> assertThat(java.util.UUID.fromString(v)).isNotNull());
    HttpResponse<String> onError = http.get("/no/such/route");
    assertThat(onError.headers().firstValue("x-request-id")).isPresent();
  }

  @Test
  void unknown_paths_and_methods_get_json_404_and_405() throws Exception {
    assertJsonError(http.get("/nope"), 404, "no route for GET /nope");
    assertJsonError(http.get("/configure"), 405, "method GET is not allowed on /configure");
    assertJsonError(http.post("/status"), 405, "not allowed");
  }

  @Test
  void authenticated_routes_refuse_requests_without_a_token() throws Exception {
    TestHttp anonymous = new TestHttp(server);
    for (String path : List.of("/status", "/metrics.json", "/dbs_and_roles", "/insights", "/database_schema?database=x")) {
      assertJsonError(anonymous.get(path), 400, "invalid authorization token");
    }
    for (String path : List.of("/configure", "/terminate", "/check_writability")) {
      assertJsonError(anonymous.post(path), 400, "invalid authorization token");
    }
    verify(ops, never()).terminate(any());
    verify(ops, never()).statusResponse();
  }

  @Test
  void the_internal_only_routes_do_not_exist_here() throws Exception {
    assertJsonError(http.post("/refresh_configuration"), 404, "no route");
    assertJsonError(http.postJson("/extensions", "{}"), 404, "no route");
    assertJsonError(http.postJson("/failpoints", "[]"), 404, "no route");
  }
}
