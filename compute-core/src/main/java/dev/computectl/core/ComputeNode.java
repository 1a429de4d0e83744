package dev.computectl.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.computectl.core.internal.lifecycle.MainLoop;
import dev.computectl.core.internal.lifecycle.PendingRestarts;
import dev.computectl.core.internal.lifecycle.ProcessSlot;
import dev.computectl.core.internal.lifecycle.Promotion;
import dev.computectl.core.internal.lifecycle.RecoveryGate;
import dev.computectl.core.internal.lifecycle.StartupTimings;
import dev.computectl.core.internal.lifecycle.Termination;
import dev.computectl.core.internal.monitor.ReadinessProbe;
import dev.computectl.core.internal.ops.SchemaDump;
import dev.computectl.core.internal.ops.SqlOperations;
import dev.computectl.core.internal.state.ComputeState;
import dev.computectl.core.internal.state.Request;
import dev.computectl.core.internal.state.Transitions;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.port.PostgresSql.PendingRestart;
import dev.computectl.core.port.SpecSource;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.CatalogObjects;
import dev.computectl.spec.api.ComputeMetrics;
import dev.computectl.spec.api.ComputeStatusResponse;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.ExtensionInstallRequest;
import dev.computectl.spec.api.ExtensionInstallResponse;
import dev.computectl.spec.api.PromoteConfig;
import dev.computectl.spec.api.PromoteState;
import dev.computectl.spec.api.SetRoleGrantsRequest;
import dev.computectl.spec.api.TerminateMode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Postgres compute: its state machine, lifecycle thread ({@code <computeId>-main}),
 * configurator ({@code <computeId>-configurator}) and monitor ({@code <computeId>-monitor}).
 * Build it with {@link #builder()}, call {@link #start()}, then {@link #awaitExit()}. Nothing is
 * static: many computes can run side by side in one JVM.
 */
public final class ComputeNode implements ComputeOperations, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ComputeNode.class);
  private static final Duration JOIN_ON_CLOSE = Duration.ofSeconds(5);

  /** The error a refresh records when the compute has nowhere to read a spec from. */
  static final String NO_SOURCE =
      "no spec source configured: start compute_ctl with --config, --spec-path or"
          + " --control-plane-uri";

  /**
   * What {@link NodeAssembly} built for this node.
   *
   * @param source null when the compute has no spec source
   * @param schemaDump null when no Postgres binaries were given
   * @param ownedApplier the applier the node created (and so closes), null when an embedder gave
   *     one
   * @param readiness null when the seams turned the monitor off (no Postgres to probe)
   */
  record Parts(
      String computeId,
      ComputeState state,
      NodeMetrics metrics,
      StartupTimings timings,
      SpecPolicy policy,
      SpecSource source,
      MainLoop mainLoop,
      Termination termination,
      BackgroundThreads background,
      ProcessSlot slot,
      RecoveryGate recovery,
      PendingRestarts pendingRestarts,
      SqlOperations sqlOperations,
      SchemaDump schemaDump,
      Failpoints failpoints,
      Promotion promotion,
      Object ownedApplier,
      ReadinessProbe readiness) {}

  private final Parts p;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private Thread mainThread;

  ComputeNode(Parts parts) {
    this.p = parts;
  }

  public static ComputeNodeBuilder builder() {
    return new ComputeNodeBuilder();
  }

  /** Starts the lifecycle thread and returns at once. */
  public synchronized void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("compute " + computeId() + " was already started");
    }
    mainThread = new Thread(ComputeLogContext.bound(computeId(), p.mainLoop()), computeId() + "-main");
    mainThread.setDaemon(true);
    mainThread.start();
  }

  /** Blocks until the lifecycle ended. */
  public ExitOutcome awaitExit() throws InterruptedException {
    try {
      return p.mainLoop().exit().get();
    } catch (ExecutionException e) {
      return ExitOutcome.of(1, String.valueOf(e.getCause()));
    }
  }

  /** Like {@link #awaitExit()}, empty when the lifecycle has not ended within {@code timeout}. */
  public Optional<ExitOutcome> awaitExit(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(p.mainLoop().exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.of(ExitOutcome.of(1, String.valueOf(e.getCause())));
    }
  }

  /**
   * Waits until the compute is {@code running}.
   *
   * @throws NotRunningException when it is {@code failed} or {@code terminated} (at once, not at
   *     the deadline) or still in another status after {@code timeout}; the message names the
   *     status and the compute's error
   */
  public void awaitRunning(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    p.state().awaitStatus(
        s -> s == ComputeStatus.RUNNING || s == ComputeStatus.FAILED
            || s == ComputeStatus.TERMINATED,
        timeout);
    ComputeState.Snapshot now = p.state().snapshot();
    if (now.status() != ComputeStatus.RUNNING) {
      throw new NotRunningException(computeId(), now.status(), now.error(), timeout);
    }
  }

  /** Completes with the exit outcome. */
  public CompletableFuture<ExitOutcome> exitFuture() {
    return p.mainLoop().exit().copy();
  }

  /** Settings that changed in a reconfigure but wait for a restart; empty when none. */
  public List<PendingRestart> pendingRestartSettings() {
    return p.pendingRestarts().current();
  }

  /** The postmaster pid while Postgres runs. */
  public Optional<Long> postmasterPid() {
    return p.slot().current().filter(pg -> pg.isAlive()).map(pg -> pg.pid());
  }

  /** The rules every spec this compute accepts must pass. */
  public SpecPolicy specPolicy() {
    return p.policy();
  }

  // ---- ComputeOperations ----------------------------------------------------------------------

  @Override
  public String computeId() {
    return p.computeId();
  }

  @Override
  public ComputeStatus status() {
    return p.state().status();
  }

  /**
   * {@code running} and Postgres answered {@code SELECT 1} on a new session within {@link
   * ReadinessProbe#TIMEOUT} (answer cached for {@link ReadinessProbe#CACHE_FOR}). The status
   * itself stays {@code running} while Postgres hangs: it is the lifecycle, readiness the probe.
   */
  @Override
  public boolean ready() {
    return status() == ComputeStatus.RUNNING
        && (p.readiness() == null || p.readiness().ready());
  }

  @Override
  public ComputeStatusResponse statusResponse() {
    ComputeState.Snapshot s = p.state().snapshot();
    ComputeSpec spec = s.spec();
    return new ComputeStatusResponse(
        s.startTime(),
        spec == null ? null : spec.tenantId(),
        spec == null ? null : spec.timelineId(),
        s.status(),
        s.lastActive(),
        s.error());
  }

  @Override
  public ComputeMetrics metrics() {
    return p.timings().toComputeMetrics();
  }

  @Override
  public PrometheusRegistry metricsRegistry() {
    return p.metrics().registry();
  }

  @Override
  public JsonNode jwks() {
    ComputeCtlConfig config = p.state().snapshot().ctlConfig();
    return (config == null ? ComputeCtlConfig.defaults() : config).jwks();
  }

  @Override
  public ComputeStatusResponse configure(ConfigurationRequest request) throws ComputeException {
    p.policy().requireValid(request == null ? null : request.spec());
    if (postmasterPid().isPresent()) { // a reconfigure of the running Postgres, not a start
      p.policy().requireValidChange(p.state().spec(), request.spec());
    }
    ComputeCtlConfig config =
        request.computeCtlConfig() == null ? ComputeCtlConfig.defaults() : request.computeCtlConfig();
    long ticket = p.state().acceptConfigure(request.spec(), config, this::configureBlocker);
    try {
      p.state().awaitConfigureOutcome(ticket);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComputeException.OperationFailed("interrupted while waiting for configure", e);
    }
    return statusResponse();
  }

  /**
   * Why a configure cannot heal a failed compute: Postgres is down and no recovery window is open
   * (a start that failed or a postmaster that exited ends the lifecycle unless
   * {@code --recovery-window} keeps it waiting). Empty while Postgres runs or a recovery start may
   * begin.
   */
  private Optional<String> configureBlocker() {
    if (postmasterPid().isPresent() || p.recovery().mayRecover()) {
      return Optional.empty();
    }
    return Optional.of("postgres is not running and cannot be started again by a configure;"
        + " restart the compute");
  }

  @Override
  public void refreshConfiguration() throws ComputeException {
    p.metrics().refreshRequested();
    if (p.source() == null) {
      String error = "refresh configuration failed: " + NO_SOURCE;
      log.warn("compute {}: {}", computeId(), error);
      p.state().refuseRefresh(error);
      return;
    }
    p.state().acceptRefresh();
  }

  @Override
  public PromoteState promote(PromoteConfig config) throws ComputeException {
    if (config == null) {
      p.policy().requireValid(null);
    }
    // The promoted compute keeps listening where it listens, so the spec is checked as it will
    // run (the old primary's port gives way to this compute's own).
    PromoteConfig kept;
    try {
      kept = new PromoteConfig(Promotion.keepPort(config.spec(), p.state().spec()),
          config.walFlushLsn());
    } catch (java.io.IOException e) {
      throw new ComputeException.OperationFailed(e.getMessage(), e);
    }
    p.policy().requireValid(kept.spec());
    try {
      return p.promotion().promote(kept);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComputeException.OperationFailed("interrupted while promoting", e);
    }
  }

  @Override
  public TerminateResult terminate(TerminateMode mode) throws ComputeException {
    TerminateResult result;
    try {
      result = p.termination().terminate(mode == null ? TerminateMode.FAST : mode);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComputeException.OperationFailed("interrupted while terminating", e);
    }
    if (result.durabilityError() != null) {
      throw new ComputeException.OperationFailed(result.durabilityError(), null);
    }
    return result;
  }

  @Override
  public CatalogObjects catalogObjects() throws ComputeException {
    return p.sqlOperations().catalogObjects();
  }

  @Override
  public InputStream databaseSchema(String database) throws ComputeException {
    if (!p.sqlOperations().databaseExists(database)) {
      throw new ComputeException.NotFound("database \"" + database + "\" does not exist");
    }
    if (p.schemaDump() == null) {
      throw new ComputeException.OperationFailed("pg_dump is not available", null);
    }
    return p.schemaDump().open(database);
  }

  @Override
  public void checkWritability() throws ComputeException {
    p.state().requireAccepts(Request.SQL_OPERATION);
    p.sqlOperations().checkWritability();
  }

  @Override
  public ExtensionInstallResponse installExtension(ExtensionInstallRequest request)
      throws ComputeException {
    p.state().requireAccepts(Request.SQL_OPERATION);
    return p.sqlOperations().installExtension(request);
  }

  @Override
  public SetRoleGrantsRequest setRoleGrants(SetRoleGrantsRequest request)
      throws ComputeException {
    p.state().requireAccepts(Request.SQL_OPERATION);
    return p.sqlOperations().setRoleGrants(request);
  }

  @Override
  public JsonNode insights() throws ComputeException {
    p.state().requireAccepts(Request.SQL_OPERATION);
    return p.sqlOperations().insights();
  }

  @Override
  public MetricSnapshots autoscalingMetrics() throws ComputeException {
    p.state().requireAccepts(Request.SQL_OPERATION);
    return p.sqlOperations().autoscalingMetrics();
  }

  @Override
  public Failpoints failpoints() {
    return p.failpoints();
  }

  /**
   * Terminates (immediate) unless already terminated, waits briefly for the threads, and closes
   * the applier the node created (its executor threads).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (!Transitions.isTerminating(status())) {
      try {
        terminate(TerminateMode.IMMEDIATE);
      } catch (ComputeException e) {
        log.warn("compute {}: terminate on close failed: {}", computeId(), e.getMessage());
      }
    }
    p.state().wakeAll();
    try {
      Thread main = mainThread;
      if (main != null) {
        main.join(JOIN_ON_CLOSE.toMillis());
      }
      p.background().join(JOIN_ON_CLOSE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeApplier();
    }
  }

  private void closeApplier() {
    if (p.ownedApplier() instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("compute {}: closing the spec applier failed: {}", computeId(), e.toString());
      }
    }
  }
}
