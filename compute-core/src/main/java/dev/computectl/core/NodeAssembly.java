package dev.computectl.core;

import dev.computectl.core.internal.lifecycle.AdminConnections;
import dev.computectl.core.internal.lifecycle.AdminSessions;
import dev.computectl.core.internal.lifecycle.ComputeStarter;
import dev.computectl.core.internal.lifecycle.Configurator;
import dev.computectl.core.internal.lifecycle.JdbcPostgresSql;
import dev.computectl.core.internal.lifecycle.MainLoop;
import dev.computectl.core.internal.lifecycle.MigrationRun;
import dev.computectl.core.internal.lifecycle.Migrations;
import dev.computectl.core.internal.lifecycle.PendingRestarts;
import dev.computectl.core.internal.lifecycle.ProcessSlot;
import dev.computectl.core.internal.lifecycle.Promotion;
import dev.computectl.core.internal.lifecycle.RecoveryGate;
import dev.computectl.core.internal.lifecycle.SpecApplication;
import dev.computectl.core.internal.lifecycle.SqlMigrationTask;
import dev.computectl.core.internal.lifecycle.StartupTimings;
import dev.computectl.core.internal.lifecycle.StorageReports;
import dev.computectl.core.internal.lifecycle.Termination;
import dev.computectl.core.internal.monitor.ActivityMonitor;
import dev.computectl.core.internal.monitor.ReadinessProbe;
import dev.computectl.core.internal.ops.SchemaDump;
import dev.computectl.core.internal.ops.SqlOperations;
import dev.computectl.core.internal.postgres.ConfParams;
import dev.computectl.core.internal.postgres.PgPlatform;
import dev.computectl.core.postgres.PostgresRunner;
import dev.computectl.core.internal.state.ComputeState;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.port.MigrationTask;
import dev.computectl.core.port.ComputeStorage;
import dev.computectl.core.port.PostgresPlatform;
import dev.computectl.core.port.PostgresSql;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.port.SpecSource;
import dev.computectl.core.storage.FreshStorage;
import dev.computectl.core.postgres.JdkProcessControl;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.api.TerminateMode;
import dev.computectl.sql.PipelinedSpecApplier;
import dev.computectl.sql.SpecApplier;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a builder's options into the object graph of a compute: every default
 * is chosen here, every collaborator is built once and handed to the classes that use it.
 */
final class NodeAssembly {

  private static final Logger log = LoggerFactory.getLogger(NodeAssembly.class);
  /** How often the TLS source files are checked for a rotation (Neon: every 60 s). */
  private static final java.time.Duration TLS_POLL = java.time.Duration.ofSeconds(1);

  private final ComputeNodeBuilder b;
  private final String computeId;
  private final AdminConnections admin;
  private final AdminSessions sessions;

  NodeAssembly(ComputeNodeBuilder builder) {
    this.b = builder;
    this.computeId = builder.identity.computeId();
    this.admin = AdminConnections.parse(builder.postgres.connstr());
    this.sessions = new AdminSessions(builder.postgres.connstr(), builder.seams.connections());
  }

  ComputeNode node() {
    NodeTimings t = b.timings;
    NodeMetrics metrics =
        b.metrics != null ? b.metrics : new NodeMetrics(b.identity.buildTag());
    PrivilegeDrop runAs = runAs();
    ComputeState state = new ComputeState(computeId, b.clock, (from, to) -> metrics.status(to));
    PostgresPlatform platform = platform(runAs, state);
    SpecPolicy policy = SpecPolicy.of(admin.user(), platform).withPostgresPort(admin.port());
    if (b.spec != null) {
      List<dev.computectl.spec.SpecProblem> problems = policy.problems(b.spec);
      ComputeNodeBuilder.require(problems.isEmpty(),
          problems.isEmpty() ? "" : new ComputeException.InvalidSpec(problems).getMessage());
      state.replaceSpec(b.spec, b.computeCtlConfig);
    } else {
      state.setCtlConfig(b.computeCtlConfig);
    }

    SpecApplier applier = b.specApplier != null ? b.specApplier
        : new PipelinedSpecApplier(sessions.forPurpose("compute_ctl:apply_config"), computeId);
    PostgresSql sql = b.seams.postgresSql() != null ? b.seams.postgresSql()
        : new JdbcPostgresSql(sessions.forPurpose("compute_ctl:" + computeId));
    MigrationTask migrationTask = b.seams.migrations() != null ? b.seams.migrations()
        : new SqlMigrationTask(sessions.forPurpose("compute_ctl:migrations"),
            b.postgres.privilegedRoleName(), admin.user(), b.failpoints);

    ProcessSlot slot = new ProcessSlot();
    RecoveryGate recovery = new RecoveryGate();
    MigrationRun migrationRun = new MigrationRun();
    StartupTimings startupTimings = new StartupTimings();
    PendingRestarts pendingRestarts = new PendingRestarts(metrics);

    StorageReports storageReports = new StorageReports(computeId, state, metrics);
    SpecApplication application = new SpecApplication(
        new SpecApplication.Settings(computeId, admin.user(), b.postgres.privilegedRoleName(),
            b.seams.applyOverride(), t.reloadVerifyTimeout()),
        platform, sql, applier, metrics, b.failpoints, pendingRestarts);
    ComputeStarter starter = new ComputeStarter(computeId, platform, slot, state, startupTimings,
        metrics, application,
        new Migrations(computeId, migrationTask, migrationRun, state, metrics),
        t.readinessTimeout(), t.stopGrace(), sql, storageReports);
    AtomicReference<ExitOutcome> forcedOutcome = new AtomicReference<>();
    Termination termination = new Termination(computeId, state, slot, migrationRun, recovery,
        platform, t.stopGrace(), forcedOutcome);

    SpecSource source = b.specSource == null ? null : b.specSource.apply(metrics);
    Configurator configurator = new Configurator(computeId, state, source, policy, application,
        starter, slot, recovery, b.failpoints,
        new Configurator.Backoff(t.refreshBackoffStart(), t.refreshBackoffMax()),
        () -> detach(forcedOutcome, termination));
    ReadinessProbe readiness = !b.seams.monitor() ? null : new ReadinessProbe(computeId,
        sessions.forProbe("compute_ctl:readiness", ReadinessProbe.TIMEOUT));
    ActivityMonitor monitor = !b.seams.monitor() ? null
        : new ActivityMonitor(computeId, state,
            sessions.forProbe("compute_ctl:compute_monitor", ActivityMonitor.PROBE_TIMEOUT),
            readiness::ready, admin.user(), t.monitorInterval(), b.clock, metrics,
            storageReports);
    BackgroundThreads background = new BackgroundThreads(computeId, configurator, monitor);
    MainLoop mainLoop = new MainLoop(computeId, state, starter, slot, recovery, startupTimings,
        metrics, b.clock, t.recoveryWindow(), t.stopGrace(), background::start, forcedOutcome);

    return new ComputeNode(new ComputeNode.Parts(computeId, state, metrics, startupTimings,
        policy, source, mainLoop, termination, background, slot, recovery, pendingRestarts,
        new SqlOperations(sessions.forPurpose("compute_ctl:" + computeId)), schemaDump(runAs),
        b.failpoints, new Promotion(computeId, state, sql, platform, application, slot,
            t.promoteCatchUp(), storageReports),
        b.specApplier == null ? applier : null, readiness));
  }

  /** The control plane has no spec for us any more: stop Postgres cleanly, exit non-zero. */
  private void detach(AtomicReference<ExitOutcome> forcedOutcome, Termination termination) {
    forcedOutcome.set(ExitOutcome.of(1, "the control plane detached the compute"));
    try {
      termination.terminate(TerminateMode.FAST);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Needed by the real platform and by pg_dump; detected only then. */
  private PrivilegeDrop runAs() {
    if (b.privilegeDrop != null) {
      return b.privilegeDrop;
    }
    boolean needed = b.seams.platform() == null || b.postgres.binaries() != null;
    return needed ? PrivilegeDrop.detect() : PrivilegeDrop.none();
  }

  private PostgresPlatform platform(PrivilegeDrop runAs, ComputeState state) {
    if (b.seams.platform() != null) {
      return b.seams.platform();
    }
    PostgresOptions pg = b.postgres;
    ComputeStorage source = b.storage != null ? b.storage
        : pg.templateCacheDir() == null ? FreshStorage.uncached()
        : FreshStorage.cached(new TemplateCache(pg.templateCacheDir()));
    ConfParams params = new ConfParams(pg.listenAddress(), pg.socketDir(), pg.connstr(),
        b.identity.internalHttpPort(), pg.privilegedRoleName(), pg.binaries().pkglibdir(),
        ConfParams.detectStrictOvercommit());
    log.debug("compute {}: PGDATA from {}", computeId, source.describe());
    return new PgPlatform(computeId, pg.pgdata(), pg.binaries(), source,
        new PostgresRunner(b.processControl != null ? b.processControl
            : new JdkProcessControl(computeId), runAs),
        runAs, params, admin.user(), pg.environment(), () -> state.snapshot().ctlConfig(),
        TLS_POLL);
  }

  private SchemaDump schemaDump(PrivilegeDrop runAs) {
    if (b.postgres.binaries() == null) {
      return null;
    }
    return new SchemaDump(computeId, b.postgres.binaries().tool("pg_dump"), runAs::wrap,
        admin.host(), admin.port(), admin.user(), admin.password());
  }
}
