package dev.computectl.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.spec.SpecJson;
import dev.computectl.spec.api.ControlPlaneComputeStatus;
import dev.computectl.spec.api.ControlPlaneConfigResponse;
import dev.computectl.testkit.jwt.TestJwts;
import dev.computectl.testkit.spec.SpecBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeControlPlaneTest {

  private final FakeControlPlane plane = FakeControlPlane.start();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    plane.close();
  }

  private HttpResponse<String> get(String computeId) throws Exception {
    return get(computeId, Duration.ofSeconds(10));
  }

  private HttpResponse<String> get(String computeId, Duration timeout) throws Exception {
    URI uri = plane.baseUri().resolve("/compute/api/v2/computes/" + computeId + "/spec");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", "Bearer t0k")
            .GET()
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void attachedAnswerCarriesSpecStatusAndKeys() throws Exception {
    TestJwts keys = TestJwts.ed25519();
    SpecBuilder spec = SpecBuilder.spec().role("app", "pw");
    plane.answer("c1", ControlPlaneAnswer.attached(spec, keys));

    HttpResponse<String> response = get("c1");
    ControlPlaneConfigResponse parsed = SpecJson.readControlPlaneResponse(response.body());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    assertThat(parsed.status()).isEqualTo(ControlPlaneComputeStatus.ATTACHED);
    assertThat(parsed.spec()).isEqualTo(spec.build());
    assertThat(parsed.computeCtlConfig().jwks()).isEqualTo(keys.jwks());
  }

  @Test
  void emptyAnswerHasNoSpec() throws Exception {
    plane.answer("c1", ControlPlaneAnswer.empty());

    ControlPlaneConfigResponse parsed = SpecJson.readControlPlaneResponse(get("c1").body());

    assertThat(parsed.status()).isEqualTo(ControlPlaneComputeStatus.EMPTY);
    assertThat(parsed.spec()).isNull();
  }

  @Test
  void scriptIsPlayedInOrderAndTheLastAnswerRepeats() throws Exception {
    plane.script(
        "c1",
        ControlPlaneAnswer.error(503),
        ControlPlaneAnswer.garbage(),
        ControlPlaneAnswer.empty());

    assertThat(get("c1").statusCode()).isEqualTo(503);
    assertThat(get("c1").body()).isEqualTo("this is not json {");
    assertThat(get("c1").body()).contains("\"status\":\"empty\"");
    assertThat(get("c1").body()).contains("\"status\":\"empty\"");
    assertThat(plane.requestCount("c1")).isEqualTo(4);
  }

  @Test
  void scriptsArePerCompute() throws Exception {
    plane.answer("a", ControlPlaneAnswer.error(500));
    plane.answer("b", ControlPlaneAnswer.empty());

    assertThat(get("a").statusCode()).isEqualTo(500);
    assertThat(get("b").statusCode()).isEqualTo(200);
    assertThat(get("unknown").statusCode()).isEqualTo(404);
  }

  @Test
  void everyRequestIsRecordedWithItsHeaders() throws Exception {
    plane.answer("c1", ControlPlaneAnswer.empty());
    Instant before = Instant.now();

    get("c1");
    HttpResponse<String> other =
        client.send(
            HttpRequest.newBuilder(plane.baseUri().resolve("/elsewhere?x=1")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(plane.requests()).hasSize(2);
    RecordedRequest first = plane.requests(("c1")).get(0);
    assertThat(first.method()).isEqualTo("GET");
    assertThat(first.path()).isEqualTo("/compute/api/v2/computes/c1/spec");
    assertThat(first.authorization()).contains("Bearer t0k");
    assertThat(first.header("AUTHORIZATION")).contains("Bearer t0k");
    assertThat(first.receivedAt()).isAfterOrEqualTo(before.minusMillis(1));
    RecordedRequest second = plane.requests().get(1);
    assertThat(second.computeId()).isNull();
    assertThat(second.query()).isEqualTo("x=1");
  }

  @Test
  void delayedAnswerArrivesLate() throws Exception {
    plane.answer(
        "c1", ControlPlaneAnswer.delayed(Duration.ofMillis(300), ControlPlaneAnswer.empty()));
    long start = System.nanoTime();

    HttpResponse<String> response = get("c1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void delayLongerThanTheClientTimeoutTimesOut() {
    plane.answer(
        "c1", ControlPlaneAnswer.delayed(Duration.ofSeconds(5), ControlPlaneAnswer.empty()));

    assertThatThrownBy(() -> get("c1", Duration.ofMillis(200)))
        .isInstanceOf(java.net.http.HttpTimeoutException.class);
  }

  @Test
  void disconnectIsANetworkErrorForTheClient() {
    plane.answer("c1", ControlPlaneAnswer.disconnect());

    assertThatThrownBy(() -> get("c1")).isInstanceOf(IOException.class);
  }

  @Test
  void closedPlaneRefusesConnections() {
    plane.answer("c1", ControlPlaneAnswer.empty());
    plane.close();

    assertThatThrownBy(() -> get("c1")).isInstanceOf(IOException.class);
  }
}
