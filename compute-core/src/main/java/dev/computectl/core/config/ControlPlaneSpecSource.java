package dev.computectl.core.config;

import dev.computectl.core.port.SpecSource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import dev.computectl.spec.api.ControlPlaneComputeStatus;
import dev.computectl.spec.api.ControlPlaneConfigResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET {cp}/compute/api/v2/computes/{id}/spec} with a bearer token: at most 3 attempts, 100
 * ms apart, retrying network errors, 502, 503 and bodies that do not decode; {@code
 * "status":"attached"} without a spec and any other status fail at once. Every attempt is
 * counted in {@code compute_ctl_cplane_requests_total{rpc="GetConfig",http_status}} (0 when no
 * answer came).
 */
public final class ControlPlaneSpecSource implements SpecSource {

  private static final Logger log = LoggerFactory.getLogger(ControlPlaneSpecSource.class);
  static final String RPC = "GetConfig";

  private final URI uri;
  private final String token;
  private final HttpClient client;
  private final NodeMetrics metrics;
  private final int attempts;
  private final Duration pause;

  public ControlPlaneSpecSource(
      URI base, String computeId, String token, HttpClient client, NodeMetrics metrics) {
    this(base, computeId, token, client, metrics, 3, Duration.ofMillis(100));
  }

  public ControlPlaneSpecSource(
      URI base, String computeId, String token, HttpClient client, NodeMetrics metrics,
      int attempts, Duration pause) {
    String root = base.toString().replaceAll("/+$", "");
    this.uri =
        URI.create(root + "/compute/api/v2/computes/"
            + URLEncoder.encode(computeId, StandardCharsets.UTF_8).replace("+", "%20") + "/spec");
    this.token = token == null ? "" : token;
    this.client = Objects.requireNonNull(client);
    this.metrics = Objects.requireNonNull(metrics);
    this.attempts = Math.max(1, attempts);
    this.pause = Objects.requireNonNull(pause);
  }

  @Override
  public String describe() {
    return uri.toString();
  }

  @Override
  public ComputeConfig fetch() throws SpecFetchException {
    String lastError = "no attempt made";
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SpecFetchException("interrupted while fetching " + uri, e);
        }
      }
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(10))
              .header("Authorization", "Bearer " + token)
              .GET()
              .build();
      HttpResponse<String> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        metrics.cplaneRequest(RPC, 0);
        lastError = "request failed: " + e;
        log.warn("spec fetch attempt {}/{} from {}: {}", attempt, attempts, uri, lastError);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SpecFetchException("interrupted while fetching " + uri, e);
      }
      int code = response.statusCode();
      metrics.cplaneRequest(RPC, code);
      if (code == 502 || code == 503) {
        lastError = "control plane answered HTTP " + code;
        log.warn("spec fetch attempt {}/{} from {}: {}", attempt, attempts, uri, lastError);
        continue;
      }
      if (code != 200) {
        throw new SpecFetchException(
            "control plane answered HTTP " + code + " for " + uri + ": " + abbreviate(response.body()),
            null);
      }
      ControlPlaneConfigResponse body;
      try {
        body = SpecJson.readControlPlaneResponse(response.body());
      } catch (SpecParseException e) {
        if (attachedWithoutSpec(response.body())) {
          // As Neon: a definite answer, not a garbled one; asking again cannot help.
          throw new SpecFetchException(
              "control plane says attached but sent no spec for " + uri, null);
        }
        lastError = "could not decode the answer: " + e.getMessage();
        log.warn("spec fetch attempt {}/{} from {}: {}", attempt, attempts, uri, lastError);
        continue;
      }
      if (body.status() == ControlPlaneComputeStatus.ATTACHED && body.spec() == null) {
        throw new SpecFetchException("control plane says attached but sent no spec", null);
      }
      return body.status() == ControlPlaneComputeStatus.EMPTY
          ? new ComputeConfig(null, body.computeCtlConfig())
          : body.toComputeConfig();
    }
    throw new SpecFetchException(
        "could not get a config from " + uri + " after " + attempts + " attempts: " + lastError,
        null);
  }

  /** True when the body is well-formed JSON saying {@code "status":"attached"} with no spec. */
  private static boolean attachedWithoutSpec(String body) {
    try {
      JsonNode tree = SpecJson.mapper().readTree(body);
      if (tree == null || !tree.isObject()) {
        return false;
      }
      JsonNode spec = tree.get("spec");
      return "attached".equals(tree.path("status").asText(null))
          && (spec == null || spec.isNull());
    } catch (IOException e) {
      return false;
    }
  }

  private static String abbreviate(String body) {
    return body == null || body.length() <= 200 ? String.valueOf(body) : body.substring(0, 200);
  }
}
