package dev.computectl.http;

import static dev.computectl.http.ExternalRoutesTest.MINIMAL_CONFIGURE;
import static dev.computectl.http.ExternalRoutesTest.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.computectl.core.ComputeException;
import dev.computectl.core.ComputeOperations;
import dev.computectl.core.Failpoints;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.ExtensionInstallRequest;
import dev.computectl.spec.api.ExtensionInstallResponse;
import dev.computectl.spec.api.Privilege;
import dev.computectl.spec.api.SetRoleGrantsRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InternalRoutesTest {

  ComputeOperations ops = mock(ComputeOperations.class);
  ComputeHttpServer server;
  TestHttp http;

  @BeforeEach
  void start() {
    when(ops.computeId()).thenReturn("compute-1");
    server = ComputeHttpServer.internal(ops, HttpOptions.internalDefaults().withPort(0)).start();
    http = new TestHttp(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void refresh_answers_at_once_or_500_where_not_allowed() throws Exception {
    HttpResponse<String> ok = http.post("/refresh_configuration");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEmpty();
    doThrow(new ComputeException.RefreshRejected("Cannot refresh compute configuration in state Configuration"))
        .when(ops).refreshConfiguration();
    assertJsonError(http.post("/refresh_configuration"), 500, "in state Configuration");
  }

  @Test
  void extensions_answer_201() throws Exception {
    when(ops.installExtension(new ExtensionInstallRequest("postgis", "shop", "3.4")))
        .thenReturn(new ExtensionInstallResponse("postgis", "3.4"));
    HttpResponse<String> r =
        http.postJson("/extensions", "{\"extension\":\"postgis\",\"database\":\"shop\",\"version\":\"3.4\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("{\"extension\":\"postgis\",\"version\":\"3.4\"}");
  }

  @Test
  void extensions_map_state_and_failure() throws Exception {
    when(ops.installExtension(any()))
        .thenThrow(new ComputeException.InvalidState(ComputeStatus.INIT))
        .thenThrow(new ComputeException.OperationFailed("failed to install extension: no such file", null));
    String body = "{\"extension\":\"postgis\",\"database\":\"shop\",\"version\":\"3.4\"}";
    assertJsonError(http.postJson("/extensions", body), 412, "invalid compute status: init");
    assertJsonError(http.postJson("/extensions", body), 500, "failed to install extension");
    assertJsonError(http.postJson("/extensions", "{\"extension\":\"postgis\"}"), 422, "database");
  }

  @Test
  void grants_answer_201_with_the_request_echoed() throws Exception {
    when(ops.setRoleGrants(any())).thenAnswer(call -> call.getArgument(0));
    String body = "{\"database\":\"shop\",\"schema\":\"public\",\"privileges\":[\"USAGE\",\"CREATE\"],\"role\":\"app\"}";
    HttpResponse<String> r = http.postJson("/grants", body);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(TestTokens.MAPPER.readTree(r.body())).isEqualTo(TestTokens.MAPPER.readTree(body));
    verify(ops).setRoleGrants(new SetRoleGrantsRequest("shop", "public", List.of(Privilege.USAGE, Privilege.CREATE), "app"));
    assertJsonError(http.postJson("/grants", body.replace("USAGE", "usage_all")), 422,
        "{\"error\":\"privileges[0]: unknown value 'usage_all'; expected one of");
    assertJsonError(http.postJson("/grants", "{\"database\": 1}"), 422,
        "{\"error\":\"database: expected a string, got the number 1\"}");
    assertJsonError(http.postJson("/grants", "{\"database\": }"), 400,
        "{\"error\":\"database: invalid JSON at line 1, column 14: unexpected character '}', expected a value\"}");
  }

  @Test
  void failpoints_are_refused_without_failpoint_support() throws Exception {
    when(ops.failpoints()).thenReturn(Failpoints.DISABLED);
    assertJsonError(http.postJson("/failpoints", "[{\"name\":\"x\",\"actions\":\"return\"}]"), 412, "not enabled");
  }

  @Test
  void failpoints_are_armed_and_disarmed() throws Exception {
    Failpoints failpoints = mock(Failpoints.class);
    when(failpoints.enabled()).thenReturn(true);
    when(ops.failpoints()).thenReturn(failpoints);
    HttpResponse<String> r = http.postJson("/failpoints",
        "[{\"name\":\"before-apply\",\"actions\":\"sleep(100)\"},{\"name\":\"spec-fetch\",\"actions\":\"off\"}]");
    assertThat(r.statusCode()).isEqualTo(200);
    verify(failpoints).arm("before-apply", new Failpoints.Action.Delay(Duration.ofMillis(100)));
    verify(failpoints).disarm("spec-fetch");
  }

  @Test
  void a_bad_failpoint_action_changes_nothing() throws Exception {
    Failpoints failpoints = mock(Failpoints.class);
    when(failpoints.enabled()).thenReturn(true);
    when(ops.failpoints()).thenReturn(failpoints);
    HttpResponse<String> r = http.postJson("/failpoints",
        "[{\"name\":\"a\",\"actions\":\"return\"},{\"name\":\"b\",\"actions\":\"explode\"}]");
    assertJsonError(r, 400, "unknown action 'explode'");
    verify(failpoints, never()).arm(eq("a"), any());
    assertJsonError(http.postJson("/failpoints", "[{\"name\":\"a\",\"action\":\"return\"}]"), 422, "actions");
  }

  @Test
  void configure_and_status_work_without_auth_for_local_tools() throws Exception {
    dev.computectl.spec.api.ComputeStatusResponse running =
        new dev.computectl.spec.api.ComputeStatusResponse(null, null, null, ComputeStatus.RUNNING, null, null);
    when(ops.configure(any())).thenReturn(running);
    when(ops.statusResponse()).thenReturn(running);
    assertThat(http.postJson("/configure", MINIMAL_CONFIGURE).statusCode()).isEqualTo(200);
    assertThat(http.get("/status").statusCode()).isEqualTo(200);
    when(ops.ready()).thenReturn(true);
    assertThat(http.get("/readiness").statusCode()).isEqualTo(200);
    assertThat(http.get("/liveness").statusCode()).isEqualTo(200);
  }

  @Test
  void the_external_only_routes_do_not_exist_here() throws Exception {
    assertJsonError(http.post("/terminate"), 404, "no route");
    assertJsonError(http.get("/database_schema?database=x"), 404, "no route");
    verify(ops, never()).terminate(any());
  }
}
