package dev.computectl.testkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.Privilege;
import dev.computectl.spec.api.SetRoleGrantsRequest;
import dev.computectl.spec.api.TerminateMode;
import dev.computectl.testkit.jwt.TestJwts;
import dev.computectl.testkit.spec.SpecBuilder;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComputeHttpClientTest {

  private static final String STATUS =
      "{\"start_time\":\"2025-04-01T08:00:00.250Z\",\"tenant\":null,\"timeline\":null,"
          + "\"status\":\"running\",\"last_active\":null,\"error\":null}";

  private final StubServer ext = newStub();
  private final StubServer in = newStub();
  private final ComputeHttpClient client =
      ComputeHttpClient.builder().external(ext.uri()).internal(in.uri()).bearerToken("tok").build();

  private static StubServer newStub() {
    try {
      return new StubServer();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    ext.close();
    in.close();
  }

  @Test
  void statusSendsTheBearerTokenAndParsesTheAnswer() {
    ext.answer("GET /status", 200, STATUS);

    assertThat(client.status().status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(ext.last().authorization()).isEqualTo("Bearer tok");
    assertThat(ext.last().pathAndQuery()).isEqualTo("/status");
  }

  @Test
  void withoutTokenNoAuthorizationHeaderIsSent() {
    ext.answer("GET /status", 200, STATUS);

    client.withToken(null).status();

    assertThat(ext.last().authorization()).isNull();
  }

  @Test
  void errorsCarryStatusAndErrorText() {
    ext.answer("GET /status", 412, "{\"error\":\"invalid compute status: init\"}");

    assertThatThrownBy(client::status)
        .isInstanceOfSatisfying(
            ComputeHttpException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(412);
              assertThat(e.error()).isEqualTo("invalid compute status: init");
              assertThat(e.getMessage()).contains("GET /status");
            });
  }

  @Test
  void bareClientConfiguresWithAnEmptyKeySet() throws Exception {
    ext.answer("POST /configure", 200, STATUS);
    SpecBuilder spec = SpecBuilder.spec().role("app", "pw");

    client.configure(spec.build());

    StubServer.Seen seen = ext.last();
    assertThat(seen.contentType()).isEqualTo("application/json");
    ConfigurationRequest sent = SpecJson.readConfigurationRequest(seen.body());
    assertThat(sent.spec()).isEqualTo(spec.build());
    assertThat(sent.computeCtlConfig().jwks().get("keys")).isEmpty();
  }

  @Test
  void configureSendsTheCtlConfigTheClientCarries() throws Exception {
    ext.answer("POST /configure", 200, STATUS);
    TestJwts keys = TestJwts.ed25519();
    ComputeHttpClient carrying =
        ComputeHttpClient.builder()
            .external(ext.uri())
            .bearerToken("tok")
            .computeCtlConfig(keys.ctlConfig())
            .build()
            .withToken("other")
            .withTimeout(java.time.Duration.ofSeconds(5));

    carrying.configure(SpecBuilder.spec().build());

    ConfigurationRequest sent = SpecJson.readConfigurationRequest(ext.last().body());
    assertThat(sent.computeCtlConfig().jwks()).isEqualTo(keys.jwks());
    assertThat(sent.computeCtlConfig().jwks().get("keys")).hasSize(1);
  }

  @Test
  void terminateSendsModeAndAcceptsAlreadyTerminated() {
    ext.answer("POST /terminate", 201, "{\"lsn\":\"0/16B5A50\"}");

    assertThat(client.terminate(TerminateMode.IMMEDIATE).lsn()).isEqualTo(Lsn.parse("0/16B5A50"));
    assertThat(ext.last().pathAndQuery()).isEqualTo("/terminate?mode=immediate");
    assertThat(ext.last().method()).isEqualTo("POST");
  }

  @Test
  void catalogRoutesParseTheirShapes() {
    ext.answer(
        "GET /dbs_and_roles",
        200,
        "{\"roles\":[{\"name\":\"app\",\"encrypted_password\":null,\"options\":null}],"
            + "\"databases\":[{\"name\":\"shop\",\"owner\":\"app\",\"options\":null,"
            + "\"restrict_conn\":false,\"invalid\":false}]}");
    ext.answer("GET /database_schema", 200, "CREATE TABLE t ();");
    ext.answer("POST /check_writability", 200, "true");

    assertThat(client.dbsAndRoles().databases().get(0).owner()).isEqualTo("app");
    assertThat(client.databaseSchema("my db")).isEqualTo("CREATE TABLE t ();");
    assertThat(ext.last().pathAndQuery()).isEqualTo("/database_schema?database=my+db");
    client.checkWritability();
    assertThat(ext.last().pathAndQuery()).isEqualTo("/check_writability");
  }

  @Test
  void insightsAcceptsObjectAndDoubleEncodedString() {
    ext.answer("GET /insights", 200, "{\"pg_stat_statements\":[]}");
    JsonNode plain = client.insights();
    ext.answer("GET /insights", 200, "\"{\\\"pg_stat_statements\\\":[]}\"");
    JsonNode doubled = client.insights();

    assertThat(plain.get("pg_stat_statements").isArray()).isTrue();
    assertThat(doubled).isEqualTo(plain);
  }

  @Test
  void metricsRoutes() {
    ext.answer("GET /metrics", 200, "compute_ctl_up{status=\"running\"} 1\n");
    ext.answer(
        "GET /metrics.json",
        200,
        "{\"wait_for_spec_ms\":1,\"sync_sk_check_ms\":0,\"sync_safekeepers_ms\":0,"
            + "\"pageserver_connect_micros\":0,\"basebackup_ms\":0,\"basebackup_bytes\":0,"
            + "\"start_postgres_ms\":5,\"config_ms\":0,\"total_startup_ms\":9,\"load_ext_ms\":0,"
            + "\"num_ext_downloaded\":0,\"largest_ext_size\":0,\"total_ext_download_size\":0}");

    assertThat(client.metrics()).contains("compute_ctl_up");
    assertThat(client.metricsJson().startPostgresMs()).isEqualTo(5);
  }

  @Test
  void probesReportTheStatusCode() {
    ext.answer("GET /liveness", 200, "");
    ext.answer("GET /readiness", 503, "");

    assertThat(client.liveness()).isTrue();
    assertThat(client.readiness()).isFalse();
  }

  @Test
  void internalRoutesGoToTheInternalServerWithoutToken() throws Exception {
    in.answer("POST /refresh_configuration", 200, "");
    in.answer("POST /extensions", 201, "{\"extension\":\"hstore\",\"version\":\"1.8\"}");
    in.answer(
        "POST /grants",
        201,
        "{\"database\":\"shop\",\"schema\":\"public\",\"privileges\":[\"SELECT\"],\"role\":\"app\"}");
    in.answer("POST /failpoints", 200, "");

    client.refreshConfiguration();
    assertThat(in.last().authorization()).isNull();
    assertThat(client.installExtension("hstore", "shop", "1.8").version()).isEqualTo("1.8");
    assertThat(SpecJson.mapper().readTree(in.last().body()).get("database").asText())
        .isEqualTo("shop");
    SetRoleGrantsRequest grant =
        new SetRoleGrantsRequest("shop", "public", List.of(Privilege.SELECT), "app");
    assertThat(client.grants(grant)).isEqualTo(grant);
    Map<String, String> points = new LinkedHashMap<>();
    points.put("before-apply", "return(boom)");
    points.put("spec-fetch", "off");
    client.failpoints(points);
    assertThat(in.last().body())
        .isEqualTo(
            "[{\"name\":\"before-apply\",\"actions\":\"return(boom)\"},"
                + "{\"name\":\"spec-fetch\",\"actions\":\"off\"}]");
    assertThat(ext.seen).isEmpty();
  }

  @Test
  void clientWithoutInternalUriSaysSo() {
    ComputeHttpClient externalOnly = ComputeHttpClient.builder().external(ext.uri()).build();

    assertThatThrownBy(externalOnly::refreshConfiguration).hasMessageContaining("internal");
  }

  @Test
  void unreachableServerIsAnIoError() {
    ComputeHttpClient dead = ComputeHttpClient.builder().external(ext.uri()).build();
    ext.close();

    assertThatThrownBy(dead::status).isInstanceOf(UncheckedIOException.class);
  }
}
