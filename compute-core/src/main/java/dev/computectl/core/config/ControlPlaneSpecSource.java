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
 * {@code GET {cp}/compute/api/v2/computes/{id}/spec} with a bearer token. Network errors,
 * timeouts, every 5xx and bodies that do not decode are retried by the {@link Retry} policy
 * (default: 3 attempts 100 ms apart, for a refresh whose caller backs off itself; {@link
 * Retry#within} for the startup fetch: capped exponential backoff for a bounded total); any 4xx,
 * another status, and {@code "status":"attached"} without a spec fail at once. Each failed
 * attempt is logged with the delay before the next. Every attempt is counted in {@code
 * compute_ctl_cplane_requests_total{rpc="GetConfig",http_status}} (0 when no answer came).
 */
public final class ControlPlaneSpecSource implements SpecSource {

  private static final Logger log = LoggerFactory.getLogger(ControlPlaneSpecSource.class);
  static final String RPC = "GetConfig";

  private final URI uri;
  private final String token;
  private final HttpClient client;
  private final NodeMetrics metrics;
  private final Retry retry;

  /** The longest a single request may take. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /**
   * When to try again after a retryable failure.
   *
   * @param maxAttempts at most this many attempts (0 for no count limit)
   * @param total the attempts end once the next would start later than this after the first
   *     (null for no time limit)
   * @param first the first delay; doubled after each failure up to {@code cap}
   */
  public record Retry(int maxAttempts, Duration total, Duration first, Duration cap) {

    public Retry {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(cap, "cap");
      if (maxAttempts <= 0 && total == null) {
        throw new IllegalArgumentException("a retry policy needs an attempt or time limit");
      }
    }

    /** {@code attempts} attempts, {@code pause} apart. */
    public static Retry attempts(int attempts, Duration pause) {
      return new Retry(Math.max(1, attempts), null, pause, pause);
    }

    /**
     * Retries for at most {@code total} (no further attempt starts after it), waiting 100 ms
     * first and doubling up to 5 s.
     */
    public static Retry within(Duration total) {
      return new Retry(0, total, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    Duration delayAfter(int failures) {
      Duration d = first;
      for (int i = 1; i < failures && d.compareTo(cap) < 0; i++) {
        d = d.multipliedBy(2);
      }
      return d.compareTo(cap) > 0 ? cap : d;
    }
  }

  public ControlPlaneSpecSource(
      URI base, String computeId, String token, HttpClient client, NodeMetrics metrics) {
    this(base, computeId, token, client, metrics, 3, Duration.ofMillis(100));
  }

  public ControlPlaneSpecSource(
      URI base, String computeId, String token, HttpClient client, NodeMetrics metrics,
      int attempts, Duration pause) {
    this(base, computeId, token, client, metrics, Retry.attempts(attempts, pause));
  }

  public ControlPlaneSpecSource(
      URI base, String computeId, String token, HttpClient client, NodeMetrics metrics,
      Retry retry) {
    String root = base.toString().replaceAll("/+$", "");
    this.uri =
        URI.create(root + "/compute/api/v2/computes/"
            + URLEncoder.encode(computeId, StandardCharsets.UTF_8).replace("+", "%20") + "/spec");
    this.token = token == null ? "" : token;
    this.client = Objects.requireNonNull(client);
    this.metrics = Objects.requireNonNull(metrics);
    this.retry = Objects.requireNonNull(retry);
  }

  @Override
  public String describe() {
    return uri.toString();
  }

  @Override
  public ComputeConfig fetch() throws SpecFetchException {
    long begin = System.nanoTime();
    String lastError = "no attempt made";
    int attempt = 0;
    while (true) {
      attempt++;
      Duration timeout = REQUEST_TIMEOUT;
      if (retry.total() != null) {
        Duration left = retry.total().minusNanos(System.nanoTime() - begin);
        timeout = left.compareTo(timeout) < 0 ? left : timeout;
        timeout = timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout;
      }
      String failure = attempt(timeout);
      if (failure.startsWith(OK)) {
        return answer;
      }
      lastError = failure;
      Duration delay = retry.delayAfter(attempt);
      boolean countLeft = retry.maxAttempts() <= 0 || attempt < retry.maxAttempts();
      boolean timeLeft = retry.total() == null
          || Duration.ofNanos(System.nanoTime() - begin).plus(delay).compareTo(retry.total()) < 0;
      if (!countLeft || !timeLeft) {
        log.warn("spec fetch attempt {} from {} failed: {}; giving up", attempt, uri, failure);
        break;
      }
      log.warn("spec fetch attempt {} from {} failed: {}; next attempt in {} ms", attempt, uri,
          failure, delay.toMillis());
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SpecFetchException("interrupted while fetching " + uri, e);
      }
    }
    throw new SpecFetchException("could not get a config from " + uri + " after " + attempt
        + " attempts in " + Duration.ofNanos(System.nanoTime() - begin).toMillis() + " ms: "
        + lastError, null);
  }

  private static final String OK = "\u0000ok";
  /** The config of the last successful attempt (fetch is not called concurrently). */
  private ComputeConfig answer;

  /**
   * One request. Returns {@link #OK} with {@link #answer} set, or a retryable failure's text.
   *
   * @throws SpecFetchException for an answer that retrying cannot change
   */
  private String attempt(Duration timeout) throws SpecFetchException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      metrics.cplaneRequest(RPC, 0);
      return "request failed: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpecFetchException("interrupted while fetching " + uri, e);
    }
    int code = response.statusCode();
    metrics.cplaneRequest(RPC, code);
    if (code >= 500 && code <= 599) {
      return "control plane answered HTTP " + code;
    }
    if (code != 200) {
      throw new SpecFetchException(
          "control plane answered HTTP " + code + " for " + uri + ": " + abbreviate(response.body()),
          null);
    }
    ControlPlaneConfigResponse body;
    try {
      SpecJson.Parsed<ControlPlaneConfigResponse> parsed =
          SpecJson.readWithWarnings(response.body(), ControlPlaneConfigResponse.class);
      body = parsed.value();
      for (dev.computectl.spec.SpecProblem warning : parsed.warnings()) {
        log.warn("control plane answer for {}: {}", uri, warning);
      }
    } catch (SpecParseException e) {
      if (attachedWithoutSpec(response.body())) {
        // As Neon: a definite answer, not a garbled one; asking again cannot help.
        throw new SpecFetchException(
            "control plane says attached but sent no spec for " + uri, null);
      }
      return "could not decode the answer: " + e.getMessage();
    }
    if (body.status() == ControlPlaneComputeStatus.ATTACHED && body.spec() == null) {
      throw new SpecFetchException("control plane says attached but sent no spec", null);
    }
    answer = body.status() == ControlPlaneComputeStatus.EMPTY
        ? new ComputeConfig(null, body.computeCtlConfig())
        : body.toComputeConfig();
    return OK;
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
