package dev.computectl.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.computectl.core.config.Configurator;
import dev.computectl.core.config.SpecChecks;
import dev.computectl.core.config.SpecSource;
import dev.computectl.core.lifecycle.MainLoop;
import dev.computectl.core.lifecycle.NodeContext;
import dev.computectl.core.lifecycle.PostgresSql;
import dev.computectl.core.lifecycle.Termination;
import dev.computectl.core.monitor.ActivityMonitor;
import dev.computectl.core.ops.SchemaDump;
import dev.computectl.core.ops.SqlOperations;
import dev.computectl.core.state.ComputeState;
import dev.computectl.core.state.Transitions;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.CatalogObjects;
import dev.computectl.spec.api.ComputeMetrics;
import dev.computectl.spec.api.ComputeStatusResponse;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.ExtensionInstallRequest;
import dev.computectl.spec.api.ExtensionInstallResponse;
import dev.computectl.spec.api.SetRoleGrantsRequest;
import dev.computectl.spec.api.TerminateMode;
import dev.computectl.sql.ConnectionFactory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
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

  private final NodeContext ctx;
  private final SpecSource specSource;
  private final ConnectionFactory monitorConnections;
  private final SqlOperations sqlOperations;
  private final SchemaDump schemaDump;
  private final Termination termination;
  private final MainLoop mainLoop;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean backgroundStarted = new AtomicBoolean();
  private Thread mainThread;
  private Thread configuratorThread;
  private Thread monitorThread;

  ComputeNode(
      NodeContext ctx, SpecSource specSource, ConnectionFactory monitorConnections,
      SqlOperations sqlOperations, SchemaDump schemaDump) {
    this.ctx = ctx;
    this.specSource = specSource;
    this.monitorConnections = monitorConnections;
    this.sqlOperations = sqlOperations;
    this.schemaDump = schemaDump;
    this.termination = new Termination(ctx);
    this.mainLoop = new MainLoop(ctx, this::startBackgroundThreads);
  }

  public static ComputeNodeBuilder builder() {
    return new ComputeNodeBuilder();
  }

  /** Starts the lifecycle thread and returns at once. */
  public synchronized void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("compute " + computeId() + " was already started");
    }
    mainThread = new Thread(mainLoop, ctx.threadName("main"));
    mainThread.setDaemon(true);
    mainThread.start();
  }

  private synchronized void startBackgroundThreads() {
    if (!backgroundStarted.compareAndSet(false, true)) {
      return;
    }
    configuratorThread =
        new Thread(new Configurator(ctx, specSource, this::detached), ctx.threadName("configurator"));
    configuratorThread.setDaemon(true);
    configuratorThread.start();
    if (monitorConnections != null) {
      monitorThread =
          new Thread(new ActivityMonitor(ctx, monitorConnections), ctx.threadName("monitor"));
      monitorThread.setDaemon(true);
      monitorThread.start();
    }
  }

  /** The control plane has no spec for us any more: stop Postgres cleanly, exit non-zero. */
  private void detached() {
    mainLoop.forceOutcome(ExitOutcome.of(1, "the control plane detached the compute"));
    try {
      termination.terminate(TerminateMode.FAST);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks until the lifecycle ended. */
  public ExitOutcome awaitExit() throws InterruptedException {
    try {
      return mainLoop.exit().get();
    } catch (ExecutionException e) {
      return ExitOutcome.of(1, String.valueOf(e.getCause()));
    }
  }

  /** Like {@link #awaitExit()}, empty when the lifecycle has not ended within {@code timeout}. */
  public Optional<ExitOutcome> awaitExit(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(mainLoop.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.of(ExitOutcome.of(1, String.valueOf(e.getCause())));
    }
  }

  /** Completes with the exit outcome. */
  public CompletableFuture<ExitOutcome> exitFuture() {
    return mainLoop.exit().copy();
  }

  /** Settings that changed in a reconfigure but wait for a restart; empty when none. */
  public List<PostgresSql.PendingRestart> pendingRestartSettings() {
    return ctx.pendingRestart();
  }

  /** The postmaster pid while Postgres runs. */
  public Optional<Long> postmasterPid() {
    return ctx.slot().current().filter(p -> p.isAlive()).map(p -> p.pid());
  }

  // ---- ComputeOperations ----------------------------------------------------------------------

  @Override
  public String computeId() {
    return ctx.computeId();
  }

  @Override
  public ComputeStatus status() {
    return ctx.state().status();
  }

  @Override
  public ComputeStatusResponse statusResponse() {
    ComputeState.Snapshot s = ctx.state().snapshot();
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
    return ctx.timings().toComputeMetrics();
  }

  @Override
  public PrometheusRegistry metricsRegistry() {
    return ctx.metrics().registry();
  }

  @Override
  public JsonNode jwks() {
    ComputeCtlConfig config = ctx.state().snapshot().ctlConfig();
    return (config == null ? ComputeCtlConfig.defaults() : config).jwks();
  }

  @Override
  public ComputeStatusResponse configure(ConfigurationRequest request) throws ComputeException {
    if (request == null || request.spec() == null) {
      throw new ComputeException.InvalidSpec("spec is missing");
    }
    String problems = SpecChecks.problems(request.spec(), ctx.settings().adminRole());
    if (problems != null) {
      throw new ComputeException.InvalidSpec("invalid spec: " + problems);
    }
    ComputeCtlConfig config =
        request.computeCtlConfig() == null ? ComputeCtlConfig.defaults() : request.computeCtlConfig();
    long ticket = ctx.state().acceptConfigure(request.spec(), config);
    try {
      ctx.state().awaitConfigureOutcome(ticket);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComputeException.OperationFailed("interrupted while waiting for configure", e);
    }
    return statusResponse();
  }

  @Override
  public void refreshConfiguration() throws ComputeException {
    ctx.metrics().refreshRequested();
    if (specSource == null) {
      String error = "refresh configuration failed: " + Configurator.NO_SOURCE;
      log.warn("compute {}: {}", computeId(), error);
      ctx.state().refuseRefresh(error);
      return;
    }
    ctx.state().acceptRefresh();
  }

  @Override
  public TerminateResult terminate(TerminateMode mode) throws ComputeException {
    try {
      return termination.terminate(mode == null ? TerminateMode.FAST : mode);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComputeException.OperationFailed("interrupted while terminating", e);
    }
  }

  @Override
  public CatalogObjects catalogObjects() throws ComputeException {
    return sqlOperations.catalogObjects();
  }

  @Override
  public InputStream databaseSchema(String database) throws ComputeException {
    if (!sqlOperations.databaseExists(database)) {
      throw new ComputeException.NotFound("database \"" + database + "\" does not exist");
    }
    if (schemaDump == null) {
      throw new ComputeException.OperationFailed("pg_dump is not available", null);
    }
    return schemaDump.open(database);
  }

  @Override
  public void checkWritability() throws ComputeException {
    requireRunning();
    sqlOperations.checkWritability();
  }

  @Override
  public ExtensionInstallResponse installExtension(ExtensionInstallRequest request)
      throws ComputeException {
    requireRunning();
    return sqlOperations.installExtension(request);
  }

  @Override
  public SetRoleGrantsRequest setRoleGrants(SetRoleGrantsRequest request)
      throws ComputeException {
    requireRunning();
    return sqlOperations.setRoleGrants(request);
  }

  @Override
  public JsonNode insights() throws ComputeException {
    requireRunning();
    return sqlOperations.insights();
  }

  @Override
  public Failpoints failpoints() {
    return ctx.failpoints();
  }

  private void requireRunning() throws ComputeException.InvalidState {
    ComputeStatus status = status();
    if (status != ComputeStatus.RUNNING) {
      throw new ComputeException.InvalidState(status);
    }
  }

  /** Terminates (immediate) unless already terminated, and waits briefly for the threads. */
  @Override
  public void close() {
    if (!Transitions.isTerminating(status())) {
      try {
        terminate(TerminateMode.IMMEDIATE);
      } catch (ComputeException e) {
        log.warn("compute {}: terminate on close failed: {}", computeId(), e.getMessage());
      }
    }
    ctx.state().wakeAll();
    for (Thread t : new Thread[] {mainThread, configuratorThread, monitorThread}) {
      if (t != null) {
        try {
          t.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  NodeContext context() {
    return ctx;
  }
}
