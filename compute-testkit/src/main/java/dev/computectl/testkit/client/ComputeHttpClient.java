package dev.computectl.testkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import dev.computectl.spec.api.CatalogObjects;
import dev.computectl.spec.api.ComputeMetrics;
import dev.computectl.spec.api.ComputeStatusResponse;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.ExtensionInstallRequest;
import dev.computectl.spec.api.ExtensionInstallResponse;
import dev.computectl.spec.api.LfcState;
import dev.computectl.spec.api.SetRoleGrantsRequest;
import dev.computectl.spec.api.TerminateMode;
import dev.computectl.spec.api.TerminateResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One method per compute_ctl route (the set Neon's test client has). JWT routes go to the external
 * server with the bearer token; {@code /refresh_configuration}, {@code /extensions}, {@code
 * /grants} and {@code /failpoints} go to the internal server. Immutable and thread-safe; {@link
 * #withToken(String)} gives a copy with another token.
 *
 * <p>{@link #configure(ComputeSpec)} sends the {@code compute_ctl_config} this client carries
 * ({@link Builder#computeCtlConfig}). compute_ctl adopts the key set of every accepted {@code
 * /configure}, so a bare client, which carries an empty key set, revokes every key: all later
 * JWT requests answer 401. {@code TestCompute.client()} carries the compute's own keys.
 */
public final class ComputeHttpClient {

  private static final String JSON = "application/json";

  private final URI external;
  private final URI internal;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;
  private final ComputeCtlConfig ctlConfig;

  private ComputeHttpClient(
      URI external,
      URI internal,
      String token,
      Duration timeout,
      HttpClient http,
      ComputeCtlConfig ctlConfig) {
    this.external = external;
    this.internal = internal;
    this.token = token;
    this.timeout = timeout;
    this.http = http;
    this.ctlConfig = ctlConfig;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The same client sending another bearer token (null: no Authorization header). */
  public ComputeHttpClient withToken(String newToken) {
    return new ComputeHttpClient(external, internal, newToken, timeout, http, ctlConfig);
  }

  /** The same client with another per-request timeout (configure may block for minutes). */
  public ComputeHttpClient withTimeout(Duration newTimeout) {
    return new ComputeHttpClient(external, internal, token, newTimeout, http, ctlConfig);
  }

  public URI externalUri() {
    return external;
  }

  public URI internalUri() {
    return internal;
  }

  /** What {@link #configure(ComputeSpec)} sends as {@code compute_ctl_config}. */
  public ComputeCtlConfig computeCtlConfig() {
    return ctlConfig;
  }

  // ---- external server -----------------------------------------------------------------

  public ComputeStatusResponse status() {
    return read(callExternal("GET", "/status", null, 200), ComputeStatusResponse.class);
  }

  public ComputeMetrics metricsJson() {
    return read(callExternal("GET", "/metrics.json", null, 200), ComputeMetrics.class);
  }

  /** Prometheus text of the open {@code /metrics} route. */
  public String metrics() {
    return callExternal("GET", "/metrics", null, 200).body();
  }

  /**
   * {@code POST /configure} with the {@code compute_ctl_config} this client carries. The compute
   * adopts its key set; a bare client's is empty, which revokes every key (see the class comment).
   */
  public ComputeStatusResponse configure(ComputeSpec spec) {
    return configure(new ConfigurationRequest(spec, ctlConfig));
  }

  /** Blocks until the compute is {@code running}; a failed apply is a 500 exception. */
  public ComputeStatusResponse configure(ConfigurationRequest request) {
    return configureJson(SpecJson.write(request));
  }

  /** {@code POST /configure} with a body as given (e.g. a deliberately bad one). */
  public ComputeStatusResponse configureJson(String body) {
    return read(callExternal("POST", "/configure", body, 200), ComputeStatusResponse.class);
  }

  /** Fast shutdown; see {@link #terminate(TerminateMode)}. */
  public TerminateResponse terminate() {
    return terminate(TerminateMode.FAST);
  }

  /** Blocks until {@code terminated}; 201 (already terminated) counts as success too. */
  public TerminateResponse terminate(TerminateMode mode) {
    String path = "/terminate?mode=" + mode.name().toLowerCase(Locale.ROOT);
    return read(callExternal("POST", path, null, 200, 201), TerminateResponse.class);
  }

  /** Succeeds when the compute can write (the route answers JSON {@code true}). */
  public void checkWritability() {
    callExternal("POST", "/check_writability", null, 200);
  }

  public CatalogObjects dbsAndRoles() {
    return read(callExternal("GET", "/dbs_and_roles", null, 200), CatalogObjects.class);
  }

  /** The {@code pg_dump --schema-only} text of one database. */
  public String databaseSchema(String database) {
    String path =
        "/database_schema?database=" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    return callExternal("GET", path, null, 200).body();
  }

  /**
   * {@code {"pg_stat_statements": [...]}}, unwrapped from the JSON string it comes in (Neon's
   * encoding, which compute_ctl keeps; a bare object is accepted too).
   */
  public JsonNode insights() {
    JsonNode node = tree(callExternal("GET", "/insights", null, 200).body());
    return node.isTextual() ? tree(node.asText()) : node;
  }

  /** Prometheus text of the open {@code /autoscaling_metrics} route (read from Postgres). */
  public String autoscalingMetrics() {
    return callExternal("GET", "/autoscaling_metrics", null, 200).body();
  }

  /** {@code GET /lfc/prewarm}. */
  public LfcState lfcPrewarmState() {
    return read(callExternal("GET", "/lfc/prewarm", null, 200), LfcState.class);
  }

  /** {@code POST /lfc/prewarm}: accepted (202); the outcome shows in {@link #lfcPrewarmState()}. */
  public void lfcPrewarm() {
    callExternal("POST", "/lfc/prewarm", null, 202);
  }

  /** {@code DELETE /lfc/prewarm}: cancels a prewarm under way (202). */
  public void cancelLfcPrewarm() {
    callExternal("DELETE", "/lfc/prewarm", null, 202);
  }

  /** {@code GET /lfc/offload}. */
  public LfcState lfcOffloadState() {
    return read(callExternal("GET", "/lfc/offload", null, 200), LfcState.class);
  }

  /** {@code POST /lfc/offload}: accepted (202); the outcome shows in {@link #lfcOffloadState()}. */
  public void lfcOffload() {
    callExternal("POST", "/lfc/offload", null, 202);
  }

  /** True when {@code /liveness} answers 200. */
  public boolean liveness() {
    return external("GET", "/liveness", null).statusCode() == 200;
  }

  /** True when {@code /readiness} answers 200 (the compute is {@code running}). */
  public boolean readiness() {
    return external("GET", "/readiness", null).statusCode() == 200;
  }

  // ---- internal server -----------------------------------------------------------------

  /** Asks for a config refresh; returns at once (200). */
  public void refreshConfiguration() {
    callInternal("POST", "/refresh_configuration", null, 200);
  }

  public ExtensionInstallResponse installExtension(
      String extension, String database, String version) {
    return installExtension(new ExtensionInstallRequest(extension, database, version));
  }

  public ExtensionInstallResponse installExtension(ExtensionInstallRequest request) {
    RawResponse response = callInternal("POST", "/extensions", SpecJson.write(request), 201);
    return read(response, ExtensionInstallResponse.class);
  }

  public SetRoleGrantsRequest grants(SetRoleGrantsRequest request) {
    RawResponse response = callInternal("POST", "/grants", SpecJson.write(request), 201);
    return read(response, SetRoleGrantsRequest.class);
  }

  /**
   * Sets one failpoint, e.g. {@code failpoint("before-apply", "return(boom)")} or {@code "off"}.
   */
  public void failpoint(String name, String actions) {
    failpoints(Map.of(name, actions));
  }

  /** {@code POST /failpoints} with {@code [{"name", "actions"}, ...]} in map order. */
  public void failpoints(Map<String, String> actionsByName) {
    ArrayNode body = JsonNodeFactory.instance.arrayNode();
    actionsByName.forEach(
        (name, actions) -> body.addObject().put("name", name).put("actions", actions));
    callInternal("POST", "/failpoints", body.toString(), 200);
  }

  // ---- raw access ----------------------------------------------------------------------

  /** Any request to the external server, with the token; no status check. */
  public RawResponse external(String method, String pathAndQuery, String jsonBody) {
    return send(external, method, pathAndQuery, jsonBody, true);
  }

  /** Any request to the internal server (never sends a token); no status check. */
  public RawResponse internal(String method, String pathAndQuery, String jsonBody) {
    if (internal == null) {
      throw new IllegalStateException("this client has no internal server URI");
    }
    return send(internal, method, pathAndQuery, jsonBody, false);
  }

  private RawResponse send(
      URI base, String method, String pathAndQuery, String body, boolean auth) {
    if (base == null) {
      throw new IllegalStateException("this client has no external server URI");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(pathAndQuery))
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", JSON);
    }
    if (auth && token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Map<String, List<String>> headers = new LinkedHashMap<>();
      response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
      return new RawResponse(response.statusCode(), headers, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + base.resolve(pathAndQuery) + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + pathAndQuery, e);
    }
  }

  private RawResponse callExternal(String method, String path, String body, Integer... accepted) {
    return expect(method, path, external(method, path, body), accepted);
  }

  private RawResponse callInternal(String method, String path, String body, Integer... accepted) {
    return expect(method, path, internal(method, path, body), accepted);
  }

  private static RawResponse expect(
      String method, String path, RawResponse response, Integer... accepted) {
    if (!Set.of(accepted).contains(response.statusCode())) {
      throw new ComputeHttpException(method, path, response.statusCode(), response.body());
    }
    return response;
  }

  private static <T> T read(RawResponse response, Class<T> type) {
    try {
      return SpecJson.read(response.body(), type);
    } catch (SpecParseException e) {
      throw new IllegalStateException(
          "unexpected "
              + type.getSimpleName()
              + " body: "
              + e.getMessage()
              + ": "
              + response.body(),
          e);
    }
  }

  private static JsonNode tree(String body) {
    try {
      return SpecJson.mapper().readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("answer is not JSON: " + body, e);
    }
  }

  /** Where the servers are and how to authenticate. */
  public static final class Builder {
    private URI external;
    private URI internal;
    private String token;
    private Duration timeout = Duration.ofMinutes(2);
    private HttpClient http;
    private ComputeCtlConfig ctlConfig = ComputeCtlConfig.defaults();

    private Builder() {}

    public Builder external(URI uri) {
      this.external = uri;
      return this;
    }

    public Builder external(int port) {
      return external(URI.create("http://127.0.0.1:" + port));
    }

    public Builder internal(URI uri) {
      this.internal = uri;
      return this;
    }

    public Builder internal(int port) {
      return internal(URI.create("http://127.0.0.1:" + port));
    }

    public Builder bearerToken(String bearerToken) {
      this.token = bearerToken;
      return this;
    }

    public Builder timeout(Duration requestTimeout) {
      this.timeout = Objects.requireNonNull(requestTimeout, "timeout");
      return this;
    }

    /** A shared JDK client (e.g. one per test class); by default each client makes its own. */
    public Builder httpClient(HttpClient client) {
      this.http = client;
      return this;
    }

    /**
     * The {@code compute_ctl_config} that {@link ComputeHttpClient#configure(ComputeSpec)} sends
     * (default: no keys, which the compute adopts, revoking every key).
     */
    public Builder computeCtlConfig(ComputeCtlConfig config) {
      this.ctlConfig = Objects.requireNonNull(config, "computeCtlConfig");
      return this;
    }

    public ComputeHttpClient build() {
      HttpClient client =
          http != null
              ? http
              : HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .connectTimeout(Duration.ofSeconds(10))
                  .build();
      return new ComputeHttpClient(external, internal, token, timeout, client, ctlConfig);
    }
  }
}
