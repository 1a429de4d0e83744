package dev.computectl.core.internal.postgres;

import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.postgres.PostgresRunner;
import dev.computectl.core.port.PgdataRequest;
import dev.computectl.core.port.PgdataResult;
import dev.computectl.core.port.ComputeStorage;
import dev.computectl.core.port.PostgresPlatform;
import dev.computectl.core.port.PostgresProcess;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.port.StorageEvents;
import dev.computectl.core.port.StorageSession;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.TlsConfig;
import java.util.ArrayList;
import java.util.function.Supplier;
import dev.computectl.spec.SpecProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link PostgresPlatform}: PGDATA from the {@link ComputeStorage} port, the config
 * writers of this package, and a postmaster started by {@link PostgresRunner} as a direct child.
 */
public final class PgPlatform implements PostgresPlatform {

  private static final Logger pgLog = LoggerFactory.getLogger("dev.computectl.postgres");

  private final String computeId;
  private final Path pgdata;
  private final PgBinaries binaries;
  private final ComputeStorage source;
  private final PostgresRunner runner;
  private final PrivilegeDrop runAs;
  private final ConfParams confParams;
  private final String adminRole;
  private final Map<String, String> environment;
  private final PostgresConfWriter confWriter = new PostgresConfWriter();
  private final PgHbaWriter hbaWriter = new PgHbaWriter();
  private final Supplier<ComputeCtlConfig> ctlConfig;
  private final TlsFiles tlsFiles;
  private final TlsWatcher tlsWatcher;
  /** The port of the last config written (the spec's, else the connstr's). */
  private volatile int port;
  /** The postmaster this platform started last (the TLS watcher reloads it). */
  private volatile PostgresProcess postgres;

  /**
   * @param ctlConfig the compute's current {@code compute_ctl_config} (its TLS files); read at
   *     every config write
   * @param tlsPoll how often the TLS source files are checked for a rotation
   */
  public PgPlatform(
      String computeId, Path pgdata, PgBinaries binaries, ComputeStorage source,
      PostgresRunner runner, PrivilegeDrop runAs, ConfParams confParams,
      String adminRole, Map<String, String> environment, Supplier<ComputeCtlConfig> ctlConfig,
      Duration tlsPoll) {
    this.computeId = Objects.requireNonNull(computeId);
    this.pgdata = Objects.requireNonNull(pgdata);
    this.binaries = Objects.requireNonNull(binaries);
    this.source = Objects.requireNonNull(source);
    this.runner = Objects.requireNonNull(runner);
    this.runAs = Objects.requireNonNull(runAs);
    this.confParams = Objects.requireNonNull(confParams);
    this.adminRole = Objects.requireNonNull(adminRole);
    this.environment = Map.copyOf(environment);
    this.ctlConfig = Objects.requireNonNull(ctlConfig);
    this.tlsFiles = new TlsFiles(pgdata, runAs);
    this.tlsWatcher = new TlsWatcher(computeId, tlsFiles, tlsPoll, this::reloadForTls);
  }

  @Override
  public PgdataResult preparePgdata(ComputeSpec spec) throws IOException {
    LivePostmasterGuard.stopLiveOwner(computeId, pgdata, runner);
    return source.prepare(new PgdataRequest(computeId, pgdata, spec, binaries, runAs, adminRole));
  }

  @Override
  public List<SpecProblem> check(ComputeSpec spec) {
    return source.check(spec);
  }

  @Override
  public List<SpecProblem> checkChange(ComputeSpec running, ComputeSpec next) {
    return source.checkChange(running, next);
  }

  @Override
  public WrittenConfig writeConfig(ComputeSpec spec) throws IOException {
    ComputeCtlConfig config = ctlConfig.get();
    TlsConfig tls = TlsPolicy.effective(spec, config);
    boolean required = TlsPolicy.required(spec);
    if (required && tls == null) {
      throw new IOException(TlsPolicy.REQUIRE_SETTING + " is on, but Postgres has no TLS:"
          + " compute_ctl_config.tls and the spec feature tls_experimental are both needed");
    }
    tlsFiles.install(tls);
    ConfWriteResult result =
        confWriter.write(pgdata, spec, confParams, source.settings(spec, pgdata), tls != null);
    port = result.port().orElse(5432);
    hbaWriter.write(pgdata, adminRole, tls == null ? PgHbaWriter.Tls.OFF
        : required ? PgHbaWriter.Tls.REQUIRED : PgHbaWriter.Tls.OFFERED);
    if (!spec.mode().isPrimary()) {
      hbaWriter.writeStandbySignal(pgdata);
    }
    List<String> warnings = new ArrayList<>(result.warnings());
    String ignored = TlsPolicy.ignoredWarning(spec, config);
    if (ignored != null) {
      warnings.add(ignored);
    }
    if (tls != null) {
      tlsWatcher.start();
    }
    return new WrittenConfig(result.configHash(), warnings);
  }

  /** The watcher copied rotated TLS files: a running postmaster rereads them on SIGHUP. */
  private void reloadForTls() throws IOException {
    PostgresProcess running = postgres;
    if (running != null && running.isAlive()) {
      running.reload();
    }
  }

  @Override
  public void writeOverride(String content) throws IOException {
    confWriter.writeOverride(pgdata, content);
  }

  @Override
  public PostgresProcess start(Duration readinessTimeout) throws IOException {
    PostgresProcess started = runner.start(binaries, pgdata, environment,
        new PostgresLogRelay(pgLog, computeId), readinessTimeout);
    postgres = started;
    return started;
  }

  @Override
  public void started(ComputeSpec spec, StorageEvents events) {
    source.started(session(spec, events));
  }

  @Override
  public void beforeStop(Duration bound) throws InterruptedException {
    source.beforeStop(bound);
  }

  @Override
  public void afterStop(ComputeSpec spec, Lsn checkpoint) throws IOException {
    source.afterStop(session(spec, StorageEvents.NONE), checkpoint);
  }

  @Override
  public void stopped() {
    tlsWatcher.stop();
    source.stopped();
  }

  private StorageSession session(ComputeSpec spec, StorageEvents events) {
    return new StorageSession(computeId, pgdata, spec, binaries, runAs, adminRole, port,
        confParams.unixSocketDirectory(), events);
  }

  @Override
  public Lsn shutdownCheckpointLsn() throws IOException {
    return ControlData.read(binaries, pgdata, runAs).latestCheckpoint();
  }
}
