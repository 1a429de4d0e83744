package dev.computectl.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.computectl.core.ComputeException;
import dev.computectl.core.ComputeOperations;
import dev.computectl.core.Failpoints;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.CatalogObjects;
import dev.computectl.spec.api.ComputeMetrics;
import dev.computectl.spec.api.ComputeStatusResponse;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.PromoteConfig;
import dev.computectl.spec.api.PromoteState;
import dev.computectl.spec.api.ExtensionInstallRequest;
import dev.computectl.spec.api.ExtensionInstallResponse;
import dev.computectl.spec.api.SetRoleGrantsRequest;
import dev.computectl.spec.api.TerminateMode;
import dev.computectl.spec.api.TerminateResponse;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.InputStream;
import java.time.Instant;
import java.util.Objects;

/**
 * What the HTTP servers serve from before the {@code ComputeNode} exists: while compute_ctl reads
 * its startup config (a control plane may take a while to answer), the servers already listen,
 * {@code /status} says {@code init}, {@code /metrics} shows the compute's own registry (the
 * control-plane requests so far), {@code /liveness} answers and {@code /readiness} is 503. A
 * terminate cancels the startup (compute_ctl then exits 0 without starting Postgres); every other
 * request is refused as in {@code init}. Once the node is built, {@link #attach} hands every call
 * to it.
 */
final class StartupOperations implements ComputeOperations {

  private final String computeId;
  private final NodeMetrics metrics;
  private final Instant startTime = Instant.now();
  private final Thread starter;
  private volatile ComputeOperations node;
  private volatile boolean cancelled;

  /** @param starter the thread that reads the startup config (interrupted by a terminate) */
  StartupOperations(String computeId, NodeMetrics metrics, Thread starter) {
    this.computeId = Objects.requireNonNull(computeId);
    this.metrics = Objects.requireNonNull(metrics);
    this.starter = starter;
    metrics.status(ComputeStatus.INIT);
  }

  /** From now on every call goes to the node. */
  void attach(ComputeOperations target) {
    node = Objects.requireNonNull(target);
  }

  /** True when a terminate came before the node existed. */
  boolean cancelled() {
    return cancelled;
  }

  private ComputeOperations target() {
    return node;
  }

  @Override
  public String computeId() {
    return computeId;
  }

  @Override
  public ComputeStatus status() {
    ComputeOperations n = target();
    return n != null ? n.status() : cancelled ? ComputeStatus.TERMINATED : ComputeStatus.INIT;
  }

  @Override
  public boolean ready() {
    ComputeOperations n = target();
    return n != null && n.ready();
  }

  @Override
  public ComputeStatusResponse statusResponse() {
    ComputeOperations n = target();
    return n != null ? n.statusResponse()
        : new ComputeStatusResponse(startTime, null, null, status(), null, null);
  }

  @Override
  public ComputeMetrics metrics() {
    ComputeOperations n = target();
    return n != null ? n.metrics() : ComputeMetrics.ZERO;
  }

  @Override
  public PrometheusRegistry metricsRegistry() {
    ComputeOperations n = target();
    return n != null ? n.metricsRegistry() : metrics.registry();
  }

  @Override
  public JsonNode jwks() {
    ComputeOperations n = target();
    if (n != null) {
      return n.jwks();
    }
    // No keys are known before the config: every JWT route answers 401 meanwhile.
    return JsonNodeFactory.instance.objectNode().set("keys", JsonNodeFactory.instance.arrayNode());
  }

  @Override
  public ComputeStatusResponse configure(ConfigurationRequest request) throws ComputeException {
    return require().configure(request);
  }

  @Override
  public PromoteState promote(PromoteConfig config) throws ComputeException {
    return require().promote(config);
  }

  @Override
  public void refreshConfiguration() throws ComputeException {
    ComputeOperations n = target();
    if (n == null) {
      throw new ComputeException.RefreshRejected(
          "Cannot refresh compute configuration in state Init");
    }
    n.refreshConfiguration();
  }

  @Override
  public TerminateResult terminate(TerminateMode mode) throws ComputeException {
    ComputeOperations n = target();
    if (n != null) {
      return n.terminate(mode);
    }
    boolean already = cancelled;
    cancelled = true;
    metrics.status(ComputeStatus.TERMINATED);
    if (starter != null) {
      starter.interrupt();
    }
    return new TerminateResult(new TerminateResponse(null), already);
  }

  @Override
  public CatalogObjects catalogObjects() throws ComputeException {
    return require().catalogObjects();
  }

  @Override
  public InputStream databaseSchema(String database) throws ComputeException {
    return require().databaseSchema(database);
  }

  @Override
  public void checkWritability() throws ComputeException {
    require().checkWritability();
  }

  @Override
  public ExtensionInstallResponse installExtension(ExtensionInstallRequest request)
      throws ComputeException {
    return require().installExtension(request);
  }

  @Override
  public SetRoleGrantsRequest setRoleGrants(SetRoleGrantsRequest request)
      throws ComputeException {
    return require().setRoleGrants(request);
  }

  @Override
  public JsonNode insights() throws ComputeException {
    return require().insights();
  }

  @Override
  public MetricSnapshots autoscalingMetrics() throws ComputeException {
    return require().autoscalingMetrics();
  }

  @Override
  public Failpoints failpoints() {
    ComputeOperations n = target();
    return n != null ? n.failpoints() : Failpoints.DISABLED;
  }

  private ComputeOperations require() throws ComputeException.InvalidState {
    ComputeOperations n = target();
    if (n == null) {
      throw new ComputeException.InvalidState(status());
    }
    return n;
  }
}
