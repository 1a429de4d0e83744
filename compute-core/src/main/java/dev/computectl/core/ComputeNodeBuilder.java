package dev.computectl.core;

import dev.computectl.core.config.ControlPlaneSpecSource;
import dev.computectl.core.config.SpecChecks;
import dev.computectl.core.config.SpecSource;
import dev.computectl.core.lifecycle.AdminConnections;
import dev.computectl.core.lifecycle.JdbcPostgresSql;
import dev.computectl.core.lifecycle.MigrationTask;
import dev.computectl.core.lifecycle.NodeContext;
import dev.computectl.core.lifecycle.NodeSettings;
import dev.computectl.core.lifecycle.PgPlatform;
import dev.computectl.core.lifecycle.SqlMigrationTask;
import dev.computectl.core.lifecycle.PostgresPlatform;
import dev.computectl.core.lifecycle.PostgresSql;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.ops.SchemaDump;
import dev.computectl.core.ops.SqlOperations;
import dev.computectl.core.postgres.ConfParams;
import dev.computectl.core.postgres.InitdbPgdataSource;
import dev.computectl.core.postgres.JdkProcessControl;
import dev.computectl.core.postgres.PgBinaries;
import dev.computectl.core.postgres.PgdataSource;
import dev.computectl.core.postgres.PostgresRunner;
import dev.computectl.core.postgres.PrivilegeDrop;
import dev.computectl.core.postgres.ProcessControl;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.core.state.ComputeState;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.JdbcConnectionFactory;
import dev.computectl.sql.PipelinedSpecApplier;
import dev.computectl.sql.SpecApplier;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Builds a {@link ComputeNode}. computeId, pgdata and connstr are required. */
public final class ComputeNodeBuilder {

  private static final Pattern PRIVILEGED_ROLE = Pattern.compile("^[a-z_]+$");

  private String computeId;
  private Path pgdata;
  private String connstr;
  private PgBinaries pgBinaries;
  private ComputeSpec spec;
  private ComputeCtlConfig computeCtlConfig = ComputeCtlConfig.defaults();
  private Function<NodeMetrics, ? extends SpecSource> specSource;
  private NodeMetrics metrics;
  private PgdataSource pgdataSource;
  private Path templateCacheDir;
  private ProcessControl processControl;
  private PrivilegeDrop privilegeDrop;
  private Clock clock = Clock.systemUTC();
  private Failpoints failpoints = Failpoints.DISABLED;
  private String privilegedRoleName = "neon_superuser";
  private Integer internalHttpPort;
  private Integer externalHttpPort;
  private Duration readinessTimeout = PostgresRunner.DEFAULT_READY_TIMEOUT;
  private Duration stopGrace = Duration.ofSeconds(30);
  private String listenAddress = "127.0.0.1";
  private Path socketDir;
  private SpecApplier specApplier;
  private MigrationTask migrations;
  private String buildTag = "latest";
  private Duration refreshBackoffStart = Duration.ofMillis(500);
  private Duration refreshBackoffMax = Duration.ofSeconds(10);
  private Duration reloadVerifyTimeout = Duration.ofSeconds(5);
  private Duration monitorInterval = Duration.ofMillis(500);
  private Duration recoveryWindow = Duration.ZERO;
  private boolean monitor = true;
  private String overrideContent = "";
  private Map<String, String> postgresEnvironment = Map.of();
  private PostgresPlatform platform;
  private PostgresSql postgresSql;
  private ConnectionFactory connections;

  ComputeNodeBuilder() {}

  public ComputeNodeBuilder computeId(String value) {
    computeId = value;
    return this;
  }

  public ComputeNodeBuilder pgdata(Path value) {
    pgdata = value;
    return this;
  }

  /** The admin connstr, e.g. {@code postgresql://cloud_admin@127.0.0.1:55432/postgres}. */
  public ComputeNodeBuilder connstr(String value) {
    connstr = value;
    return this;
  }

  public ComputeNodeBuilder pgBinaries(PgBinaries value) {
    pgBinaries = value;
    return this;
  }

  /** A spec known at startup; without one the compute waits in {@code empty} for a configure. */
  public ComputeNodeBuilder spec(ComputeSpec value) {
    spec = value;
    return this;
  }

  public ComputeNodeBuilder computeCtlConfig(ComputeCtlConfig value) {
    computeCtlConfig = Objects.requireNonNull(value);
    return this;
  }

  /**
   * Where a refresh fetches a fresh config (config file or control plane). A source that counts
   * requests in metrics should be built by the node instead: {@link #controlPlane} or {@link
   * #specSource(Function)}.
   */
  public ComputeNodeBuilder specSource(SpecSource value) {
    specSource = value == null ? null : metrics -> value;
    return this;
  }

  /**
   * Like {@link #specSource(SpecSource)}, built in {@link #build()} with the node's own metrics,
   * so what the source counts (control-plane requests) shows in the node's registry.
   */
  public ComputeNodeBuilder specSource(Function<NodeMetrics, ? extends SpecSource> factory) {
    specSource = factory;
    return this;
  }

  /**
   * Refreshes fetch from the control plane at {@code baseUri} with {@code token} (3 attempts, see
   * {@link ControlPlaneSpecSource}); every request is counted in the node's {@code
   * compute_ctl_cplane_requests_total}.
   */
  public ComputeNodeBuilder controlPlane(URI baseUri, String token) {
    Objects.requireNonNull(baseUri, "baseUri");
    specSource = metrics -> new ControlPlaneSpecSource(baseUri, computeId, token,
        HttpClient.newHttpClient(), metrics);
    return this;
  }

  /**
   * The metrics the node records into (default: a fresh set per node). An embedder that counts
   * something before the node exists, e.g. the launcher's startup fetch from the control plane,
   * creates them first and hands them over here. One set belongs to one node: never share it.
   */
  public ComputeNodeBuilder metrics(NodeMetrics value) {
    metrics = Objects.requireNonNull(value);
    return this;
  }

  public ComputeNodeBuilder pgdataSource(PgdataSource value) {
    pgdataSource = value;
    return this;
  }

  /** Directory of the initdb template cache used by the default PGDATA source. */
  public ComputeNodeBuilder templateCacheDir(Path value) {
    templateCacheDir = value;
    return this;
  }

  public ComputeNodeBuilder processControl(ProcessControl value) {
    processControl = value;
    return this;
  }

  public ComputeNodeBuilder privilegeDrop(PrivilegeDrop value) {
    privilegeDrop = value;
    return this;
  }

  public ComputeNodeBuilder clock(Clock value) {
    clock = Objects.requireNonNull(value);
    return this;
  }

  public ComputeNodeBuilder failpoints(Failpoints value) {
    failpoints = Objects.requireNonNull(value);
    return this;
  }

  /** Must match {@code ^[a-z_]+$} (it goes into SQL unquoted). */
  public ComputeNodeBuilder privilegedRoleName(String value) {
    privilegedRoleName = value;
    return this;
  }

  /** The internal HTTP port, written into the config as the extension server port. */
  public ComputeNodeBuilder internalHttpPort(int value) {
    internalHttpPort = value;
    return this;
  }

  public ComputeNodeBuilder externalHttpPort(int value) {
    externalHttpPort = value;
    return this;
  }

  public ComputeNodeBuilder readinessTimeout(Duration value) {
    readinessTimeout = Objects.requireNonNull(value);
    return this;
  }

  /** How long a stopping Postgres gets before SIGKILL. */
  public ComputeNodeBuilder stopGrace(Duration value) {
    stopGrace = Objects.requireNonNull(value);
    return this;
  }

  public ComputeNodeBuilder listenAddress(String value) {
    listenAddress = Objects.requireNonNull(value);
    return this;
  }

  public ComputeNodeBuilder socketDir(Path value) {
    socketDir = value;
    return this;
  }

  public ComputeNodeBuilder specApplier(SpecApplier value) {
    specApplier = value;
    return this;
  }

  public ComputeNodeBuilder migrations(MigrationTask value) {
    migrations = Objects.requireNonNull(value);
    return this;
  }

  public ComputeNodeBuilder buildTag(String value) {
    buildTag = Objects.requireNonNull(value);
    return this;
  }

  /** First wait before retrying a failed refresh, doubling up to {@code max}. */
  public ComputeNodeBuilder refreshBackoff(Duration start, Duration max) {
    refreshBackoffStart = Objects.requireNonNull(start);
    refreshBackoffMax = Objects.requireNonNull(max);
    return this;
  }

  public ComputeNodeBuilder reloadVerifyTimeout(Duration value) {
    reloadVerifyTimeout = Objects.requireNonNull(value);
    return this;
  }

  /**
   * How long a compute whose postmaster was lost (failed start, crash) waits in {@code failed}
   * for a refresh that starts Postgres again before {@link ComputeNode#awaitExit} completes.
   * Default zero: the lifecycle ends with the postmaster, as the reference does.
   */
  public ComputeNodeBuilder recoveryWindow(Duration value) {
    recoveryWindow = value;
    return this;
  }

  public ComputeNodeBuilder monitorInterval(Duration value) {
    monitorInterval = Objects.requireNonNull(value);
    return this;
  }

  /** Turns the activity monitor off (tests without a Postgres). */
  public ComputeNodeBuilder withoutMonitor() {
    monitor = false;
    return this;
  }

  /** Content of the temporary override file during an apply ("" on vanilla Postgres). */
  public ComputeNodeBuilder applyOverride(String value) {
    overrideContent = Objects.requireNonNull(value);
    return this;
  }

  /** Extra environment of the postmaster. */
  public ComputeNodeBuilder postgresEnvironment(Map<String, String> value) {
    postgresEnvironment = Map.copyOf(value);
    return this;
  }

  /** Replaces the Postgres files-and-process layer (tests use a fake). */
  public ComputeNodeBuilder platform(PostgresPlatform value) {
    platform = value;
    return this;
  }

  /** Replaces the lifecycle's own queries (tests use a fake). */
  public ComputeNodeBuilder postgresSql(PostgresSql value) {
    postgresSql = value;
    return this;
  }

  /** Replaces how sessions are opened (default: from the connstr). */
  public ComputeNodeBuilder connections(ConnectionFactory value) {
    connections = value;
    return this;
  }

  /**
   * @throws IllegalArgumentException naming the missing or invalid option
   */
  public ComputeNode build() {
    require(computeId != null && !computeId.isBlank(), "computeId is required");
    require(pgdata != null, "pgdata is required");
    require(connstr != null, "connstr is required");
    require(privilegedRoleName != null && PRIVILEGED_ROLE.matcher(privilegedRoleName).matches(),
        "privilegedRoleName must match ^[a-z_]+$: " + privilegedRoleName);
    AdminConnections admin = AdminConnections.parse(connstr);
    if (spec != null) {
      String problems = SpecChecks.problems(spec, admin.user());
      require(problems == null, "invalid spec: " + problems);
    }
    NodeSettings settings =
        new NodeSettings(computeId, admin.user(), privilegedRoleName, buildTag, readinessTimeout,
            stopGrace, overrideContent, reloadVerifyTimeout, refreshBackoffStart,
            refreshBackoffMax, monitorInterval, recoveryWindow);
    NodeMetrics metrics = this.metrics != null ? this.metrics : new NodeMetrics(buildTag);
    ComputeState state =
        new ComputeState(computeId, clock, (from, to) -> metrics.status(to));
    if (spec != null) {
      state.replaceSpec(spec, computeCtlConfig);
    } else {
      state.setCtlConfig(computeCtlConfig);
    }
    ConnectionFactory sessions =
        connections != null ? connections
            : JdbcConnectionFactory.fromConnstr(connstr, "compute_ctl:" + computeId);
    SpecApplier applier = specApplier != null ? specApplier
        : new PipelinedSpecApplier(
            JdbcConnectionFactory.fromConnstr(connstr, "compute_ctl:apply_config"), computeId);
    MigrationTask migrationTask = migrations != null ? migrations
        : new SqlMigrationTask(
            connections != null ? connections
                : JdbcConnectionFactory.fromConnstr(connstr, "compute_ctl:migrations"),
            privilegedRoleName, admin.user(), failpoints);
    PrivilegeDrop drop = privilegeDrop;
    if (platform == null || (pgBinaries != null && drop == null)) {
      drop = drop != null ? drop : PrivilegeDrop.detect();
    }
    PostgresPlatform plat = platform != null ? platform : defaultPlatform(admin, drop);
    PostgresSql sql = postgresSql != null ? postgresSql : new JdbcPostgresSql(sessions);
    NodeContext ctx =
        new NodeContext(settings, clock, state, metrics, plat, sql, applier, migrationTask,
            failpoints);
    ConnectionFactory monitorSessions =
        !monitor ? null
            : connections != null ? connections
            : JdbcConnectionFactory.fromConnstr(connstr, "compute_ctl:compute_monitor");
    SchemaDump dump =
        pgBinaries == null ? null
            : new SchemaDump(computeId, pgBinaries.tool("pg_dump"), drop::wrap, admin.host(),
                admin.port(), admin.user(), admin.password());
    SpecSource source = specSource == null ? null : specSource.apply(metrics);
    return new ComputeNode(ctx, source, monitorSessions, new SqlOperations(sessions), dump);
  }

  private PostgresPlatform defaultPlatform(AdminConnections admin, PrivilegeDrop drop) {
    require(pgBinaries != null, "pgBinaries is required (or a platform)");
    PgdataSource source = pgdataSource;
    if (source == null) {
      source = templateCacheDir == null
          ? InitdbPgdataSource.uncached(drop)
          : InitdbPgdataSource.cached(drop, new TemplateCache(templateCacheDir));
    }
    ProcessControl control =
        processControl != null ? processControl : new JdkProcessControl(computeId);
    ConfParams params =
        new ConfParams(listenAddress, socketDir, connstr, internalHttpPort, privilegedRoleName,
            pgBinaries.pkglibdir(), ConfParams.detectStrictOvercommit());
    return new PgPlatform(computeId, pgdata, pgBinaries, source,
        new PostgresRunner(control, drop), drop, params, admin.user(),
        postgresEnvironment);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  Integer externalHttpPort() {
    return externalHttpPort;
  }
}
