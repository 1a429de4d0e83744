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
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Lsn;
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
  /** The port of the last config written (the spec's, else the connstr's). */
  private volatile int port;

  public PgPlatform(
      String computeId, Path pgdata, PgBinaries binaries, ComputeStorage source,
      PostgresRunner runner, PrivilegeDrop runAs, ConfParams confParams,
      String adminRole, Map<String, String> environment) {
    this.computeId = Objects.requireNonNull(computeId);
    this.pgdata = Objects.requireNonNull(pgdata);
    this.binaries = Objects.requireNonNull(binaries);
    this.source = Objects.requireNonNull(source);
    this.runner = Objects.requireNonNull(runner);
    this.runAs = Objects.requireNonNull(runAs);
    this.confParams = Objects.requireNonNull(confParams);
    this.adminRole = Objects.requireNonNull(adminRole);
    this.environment = Map.copyOf(environment);
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
  public WrittenConfig writeConfig(ComputeSpec spec) throws IOException {
    ConfWriteResult result =
        confWriter.write(pgdata, spec, confParams, source.settings(spec, pgdata));
    port = result.port().orElse(5432);
    hbaWriter.write(pgdata, adminRole);
    if (!spec.mode().isPrimary()) {
      hbaWriter.writeStandbySignal(pgdata);
    }
    return new WrittenConfig(result.configHash(), result.warnings());
  }

  @Override
  public void writeOverride(String content) throws IOException {
    confWriter.writeOverride(pgdata, content);
  }

  @Override
  public PostgresProcess start(Duration readinessTimeout) throws IOException {
    return runner.start(binaries, pgdata, environment,
        line -> pgLog.info("[{}] {}", computeId, line), readinessTimeout);
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
