package dev.computectl.launcher;

import dev.computectl.core.ComputeException;
import dev.computectl.core.ComputeLogContext;
import dev.computectl.core.ComputeNode;
import dev.computectl.core.ComputeNodeBuilder;
import dev.computectl.core.NodeIdentity;
import dev.computectl.core.NodeTimings;
import dev.computectl.core.PostgresOptions;
import dev.computectl.core.ExitOutcome;
import dev.computectl.core.config.ConfigFileSpecSource;
import dev.computectl.core.config.ControlPlaneSpecSource;
import dev.computectl.core.config.SpecFileSpecSource;
import dev.computectl.core.port.SpecSource;
import dev.computectl.core.failpoint.ArmedFailpoints;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.Signal;
import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.TerminateMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one compute in this process until Postgres exits: reads the spec, finds Postgres, builds
 * the {@link ComputeNode}, starts both HTTP servers, handles shutdown signals, and returns the exit
 * code. Every startup phase logs how long it took.
 */
final class ComputeRun {

  private static final Logger log = LoggerFactory.getLogger(ComputeRun.class);
  /** How long the last-resort shutdown hook waits after SIGQUIT before SIGKILL. */
  private static final Duration HOOK_GRACE = Duration.ofSeconds(5);
  private static final Duration ANNOUNCE_POLL = Duration.ofMillis(50);

  private final LaunchOptions options;
  private final Map<String, String> env;
  private final JnrProcessControl processes;
  /**
   * The compute's metrics, created before the node so the startup fetch from the control plane
   * counts in the same registry as later refreshes; handed to the node's builder.
   */
  private final NodeMetrics metrics = new NodeMetrics("latest");

  private ComputeRun(LaunchOptions options, Map<String, String> env) {
    this.options = options;
    this.env = env;
    this.processes = new JnrProcessControl(options.computeId());
  }

  static int run(LaunchOptions options, Map<String, String> env) throws Exception {
    return new ComputeRun(options, env).run();
  }

  private int run() throws Exception {
    long started = System.nanoTime();
    PhaseClock phase = new PhaseClock();
    String computeId = options.computeId();
    // This process is one compute: the main thread's lines name it too (JSON logs: mdc).
    MDC.put(ComputeLogContext.COMPUTE_ID, computeId);
    // The servers listen before the startup config is read (a control plane may take a while):
    // until the node exists they answer from this placeholder (status init). They start on their
    // own thread, beside the config read, the template copy and the postmaster start.
    StartupOperations ops = new StartupOperations(computeId, metrics, Thread.currentThread());
    StartupThread main = new StartupThread(Thread.currentThread());
    CompletableFuture<HttpServers> servers = HttpServers.startAsync(ops, options);
    // A server that cannot start ends a config read that may wait for a control plane.
    servers.whenComplete((s, e) -> {
      if (e != null) {
        main.interruptWhileReading();
      }
    });
    try {
      return runCompute(ops, servers, main, started, phase);
    } finally {
      try {
        servers.join().close();
      } catch (CompletionException e) {
        // The start failed: reported by runCompute.
      }
    }
  }

  /** The servers' start error, if they failed, as the exception compute_ctl exits with. */
  private static void throwIfFailed(CompletableFuture<HttpServers> servers) {
    if (servers.isCompletedExceptionally()) {
      awaitServers(servers);
    }
  }

  private static HttpServers awaitServers(CompletableFuture<HttpServers> servers) {
    try {
      return servers.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private int runCompute(StartupOperations ops, CompletableFuture<HttpServers> servers,
      StartupThread main, long started, PhaseClock phase) throws Exception {
    if (options.controlPlaneUri().isPresent()) {
      // The fetch may retry for a while: the servers answer (status init, metrics) before it.
      awaitServers(servers);
    }
    Startup startup;
    try {
      startup = readStartupConfig();
    } catch (SpecSource.SpecFetchException e) {
      if (main.doneReading()) {
        Thread.interrupted();
        throwIfFailed(servers);
      }
      if (ops.cancelled()) {
        Thread.interrupted();
        log.info("compute {}: terminated while reading the startup config; exits with 0",
            options.computeId());
        return 0;
      }
      throw e;
    } finally {
      main.doneReading();
    }
    throwIfFailed(servers);
    if (ops.cancelled()) {
      Thread.interrupted();
      log.info("compute {}: terminated while reading the startup config; exits with 0",
          options.computeId());
      return 0;
    }
    phase.done("read config", startup.describe());

    PgBinaries binaries =
        PgBinaries.locate(options.pgbin().orElse(null), options.pgbinSetting(), env);
    phase.done("find postgres", binaries.toString());

    URI connstr = ConnectionSettings.connstr(options, startup.spec());
    String computeId = options.computeId();
    ComputeNodeBuilder builder = ComputeNode.builder()
        .identity(NodeIdentity.of(computeId).withInternalHttpPort(options.internalHttpPort()))
        .postgres(PostgresOptions.of(options.pgdata().orElseThrow(), connstr.toString(), binaries)
            .withPrivilegedRole(options.privilegedRoleName())
            .withSocketDir(options.pgSocketDir().orElse(null)))
        .timings(NodeTimings.defaults().withRecoveryWindow(options.recoveryWindow()))
        .storage(Storage.storage(options))
        .processControl(processes)
        .metrics(metrics);
    startup.spec().ifPresent(builder::spec);
    startup.config().ifPresent(c -> builder.computeCtlConfig(c.computeCtlConfig()));
    if (options.failpoints()) {
      log.warn("failpoints are enabled (--enable-failpoints): for tests, never in production");
      builder.failpoints(new ArmedFailpoints());
    }
    startup.source().ifPresent(builder::specSource);
    ComputeNode node = builder.build();
    ops.attach(node);
    if (ops.cancelled()) {
      // A terminate reached the placeholder just before the node took over.
      log.info("compute {}: terminated before postgres was started; exits with 0", computeId);
      node.close();
      return 0;
    }
    phase.done("build compute", "compute " + computeId);

    Thread hook = new Thread(ComputeLogContext.bound(computeId, () -> lastResort(node)),
        computeId + "-shutdown-hook");
    Runtime.getRuntime().addShutdownHook(hook);
    ShutdownSignals.install(new SignalShutdown(node, processes));
    node.start();
    HttpServers http;
    try {
      http = awaitServers(servers);
    } catch (RuntimeException e) {
      // A compute never runs without its servers: stop the Postgres that is starting.
      node.close();
      throw e;
    }
    if (startup.spec().isEmpty()) {
      log.info("compute {} is empty: waiting for POST /configure on port {}", computeId,
          http.external().port());
    }
    announceWhenRunning(node, connstr, startup.spec(), started);
    ExitOutcome outcome = node.awaitExit();
    if (outcome.startFailed()) {
      lingerAfterFailedStart(node);
    }
    log.info("compute_ctl exits with code {} ({})", outcome.code(), outcome.reason());
    return outcome.code();
  }

  /**
   * After a failed start the servers stay up (status {@code failed} with the error) so the control
   * plane that started us can read why; a terminate, or a signal's terminate, ends the wait.
   */
  private void lingerAfterFailedStart(ComputeNode node) throws InterruptedException {
    Duration delay = options.failedStartExitDelay();
    if (delay.isZero() || node.status() == ComputeStatus.TERMINATED) {
      return;
    }
    log.info("compute {}: start failed; serving /status for up to {} s before exiting"
        + " (--failed-start-exit-delay; POST /terminate ends the wait)", node.computeId(),
        delay.toSeconds());
    if (new FailedStartDelay(delay, node::status).await()) {
      log.info("compute {}: terminated while waiting after the failed start", node.computeId());
    }
  }

  /**
   * Since the JVM started (its own start and the command line parse included; asked once the
   * compute runs, as the management classes cost a cold start); since {@code started} where the
   * JVM does not say.
   */
  private static Duration sinceJvmStart(long started) {
    try {
      long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
      return Duration.between(Instant.ofEpochMilli(jvmStart), Instant.now());
    } catch (RuntimeException | LinkageError e) {
      return Duration.ofNanos(System.nanoTime() - started);
    }
  }

  /** Logs the psql line once the compute is running. */
  private void announceWhenRunning(ComputeNode node, URI connstr, Optional<ComputeSpec> spec,
      long started) {
    Thread t = new Thread(ComputeLogContext.bound(node.computeId(), () -> {
      // The node offers no status callback; a coarse poll is enough for one log line.
      ComputeStatus status = node.status();
      while (status != ComputeStatus.RUNNING && status != ComputeStatus.FAILED
          && status != ComputeStatus.TERMINATED && !node.exitFuture().isDone()) {
        try {
          Thread.sleep(ANNOUNCE_POLL.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        status = node.status();
      }
      if (status == ComputeStatus.RUNNING) {
        log.info("compute {} is running, {} ms after the JVM started; connect with: {}",
            node.computeId(), sinceJvmStart(started).toMillis(), PsqlHint.of(connstr, spec));
      }
      // Off the start, ready for the signals of a terminate.
      processes.prepareInBackground();
    }), node.computeId() + "-announce");
    t.setDaemon(true);
    t.start();
  }

  /** The spec and config known at startup, and where a refresh gets a new one. */
  private Startup readStartupConfig() throws Exception {
    if (options.specPath().isPresent()) {
      SpecFile file = SpecFile.readSpec(options.specPath().get());
      file.warnings().forEach(w -> log.warn("spec file {}: {}", file.path(), w));
      // A refresh re-reads the file; the keys stay those the compute started with.
      SpecSource source = new PortOverrideSource(
          new SpecFileSpecSource(options.specPath().get()), options.pgPort());
      return new Startup(file.spec().map(this::withPortOverride), Optional.empty(),
          Optional.of(source), "spec file " + file.path());
    }
    if (options.configPath().isPresent()) {
      SpecSource source = new PortOverrideSource(
          new ConfigFileSpecSource(options.configPath().get()), options.pgPort());
      ComputeConfig config = source.fetch();
      return new Startup(Optional.ofNullable(config.spec()), Optional.of(config),
          Optional.of(source), "config file " + source.describe());
    }
    if (options.controlPlaneUri().isPresent()) {
      // The node gets these metrics too: the startup fetch and every refresh count in the
      // compute_ctl_cplane_requests_total its /metrics shows.
      HttpClient http = HttpClient.newHttpClient();
      String token = env.getOrDefault("NEON_CONTROL_PLANE_TOKEN", "");
      SpecSource source = new PortOverrideSource(new ControlPlaneSpecSource(
          options.controlPlaneUri().get(), options.computeId(), token, http, metrics),
          options.pgPort());
      // The startup fetch retries longer (nothing runs yet); a refresh backs off by itself.
      SpecSource startupSource = new PortOverrideSource(new ControlPlaneSpecSource(
          options.controlPlaneUri().get(), options.computeId(), token, http, metrics,
          ControlPlaneSpecSource.Retry.within(options.controlPlaneRetry())), options.pgPort());
      log.info("fetching the startup config from {} (retrying 5xx, timeouts and connection"
          + " errors for up to {} s)", startupSource.describe(),
          options.controlPlaneRetry().toSeconds());
      ComputeConfig config = startupSource.fetch();
      return new Startup(Optional.ofNullable(config.spec()), Optional.of(config),
          Optional.of(source), "control plane " + source.describe());
    }
    return new Startup(Optional.empty(), Optional.empty(), Optional.empty(),
        "no spec (the compute starts empty)");
  }

  private ComputeSpec withPortOverride(ComputeSpec spec) {
    return options.pgPort().map(port -> PortOverrideSource.withPort(spec, port)).orElse(spec);
  }

  /**
   * Last resort when the JVM exits while Postgres still runs (an uncaught error, SIGHUP): an
   * immediate shutdown, then SIGKILL. Only SIGKILL of compute_ctl itself escapes this.
   */
  private void lastResort(ComputeNode node) {
    Optional<Long> pid = node.postmasterPid();
    if (pid.isEmpty()) {
      return;
    }
    log.warn("compute_ctl is exiting while postgres pid {} runs: immediate shutdown", pid.get());
    try {
      processes.signal(pid.get(), Signal.QUIT);
      Optional<ProcessHandle> handle = ProcessHandle.of(pid.get());
      if (handle.isPresent()) {
        handle.get().onExit().get(HOOK_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    } catch (Exception e) {
      try {
        processes.signal(pid.get(), Signal.KILL);
      } catch (Exception ignored) {
        // Already gone.
      }
    }
  }

  /** First signal: a fast terminate; later ones: SIGQUIT to the postmaster (immediate). */
  private record SignalShutdown(ComputeNode node, JnrProcessControl processes)
      implements ShutdownSignals.Listener {

    @Override
    public void fastShutdown(String signal) {
      Thread t = new Thread(ComputeLogContext.bound(node.computeId(), () -> {
        try {
          node.terminate(TerminateMode.FAST);
        } catch (ComputeException e) {
          log.error("terminate after {} failed: {}", signal, e.getMessage());
        }
      }), node.computeId() + "-terminate");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void immediateShutdown(String signal) {
      node.postmasterPid().ifPresent(pid -> {
        try {
          processes.signal(pid, Signal.QUIT);
        } catch (Exception e) {
          log.warn("SIGQUIT to postgres pid {} failed: {}", pid, e.getMessage());
        }
      });
    }
  }

  /**
   * The thread that reads the startup config, interrupted when the servers fail while it may
   * still wait for a control plane, and never once it has moved on.
   */
  private static final class StartupThread {
    private final Thread thread;
    private boolean reading = true;

    StartupThread(Thread thread) {
      this.thread = thread;
    }

    synchronized void interruptWhileReading() {
      if (reading) {
        thread.interrupt();
      }
    }

    /** Ends the reading; true when it had not ended before. */
    synchronized boolean doneReading() {
      boolean was = reading;
      reading = false;
      return was;
    }
  }

  private record Startup(Optional<ComputeSpec> spec, Optional<ComputeConfig> config,
      Optional<SpecSource> source, String describe) {}

  /** Logs the duration of each startup phase. */
  private static final class PhaseClock {
    private long last = System.nanoTime();

    void done(String phase, String detail) {
      long now = System.nanoTime();
      log.info("startup phase '{}' took {} ms: {}", phase,
          Duration.ofNanos(now - last).toMillis(), detail);
      last = now;
    }
  }
}
