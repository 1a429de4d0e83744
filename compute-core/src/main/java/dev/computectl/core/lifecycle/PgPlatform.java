package dev.computectl.core.lifecycle;

import dev.computectl.core.postgres.ConfParams;
import dev.computectl.core.postgres.ConfWriteResult;
import dev.computectl.core.postgres.ControlData;
import dev.computectl.core.postgres.PgBinaries;
import dev.computectl.core.postgres.PgHbaWriter;
import dev.computectl.core.postgres.PgdataRequest;
import dev.computectl.core.postgres.PgdataResult;
import dev.computectl.core.postgres.PgdataSource;
import dev.computectl.core.postgres.PostgresConfWriter;
import dev.computectl.core.postgres.PostgresRunner;
import dev.computectl.core.postgres.PrivilegeDrop;
import dev.computectl.core.postgres.RunningPostgres;
import dev.computectl.core.postgres.Signal;
import dev.computectl.core.postgres.ChildProcess.ExitStatus;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Lsn;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real {@link PostgresPlatform}: the classes of {@code dev.computectl.core.postgres}. */
public final class PgPlatform implements PostgresPlatform {

  private static final Logger pgLog = LoggerFactory.getLogger("dev.computectl.postgres");

  private final String computeId;
  private final Path pgdata;
  private final PgBinaries binaries;
  private final PgdataSource source;
  private final PostgresRunner runner;
  private final PrivilegeDrop privilegeDrop;
  private final ConfParams confParams;
  private final String adminRole;
  private final Map<String, String> environment;
  private final PostgresConfWriter confWriter = new PostgresConfWriter();
  private final PgHbaWriter hbaWriter = new PgHbaWriter();

  public PgPlatform(
      String computeId, Path pgdata, PgBinaries binaries, PgdataSource source,
      PostgresRunner runner, PrivilegeDrop privilegeDrop, ConfParams confParams,
      String adminRole, Map<String, String> environment) {
    this.computeId = Objects.requireNonNull(computeId);
    this.pgdata = Objects.requireNonNull(pgdata);
    this.binaries = Objects.requireNonNull(binaries);
    this.source = Objects.requireNonNull(source);
    this.runner = Objects.requireNonNull(runner);
    this.privilegeDrop = Objects.requireNonNull(privilegeDrop);
    this.confParams = Objects.requireNonNull(confParams);
    this.adminRole = Objects.requireNonNull(adminRole);
    this.environment = Map.copyOf(environment);
  }

  @Override
  public PgdataPrepared preparePgdata() throws IOException {
    PgdataResult result = source.prepare(new PgdataRequest(pgdata, binaries, adminRole));
    return new PgdataPrepared(result.elapsed(), result.bytes(), result.description());
  }

  @Override
  public WrittenConfig writeConfig(ComputeSpec spec) throws IOException {
    ConfWriteResult result = confWriter.write(pgdata, spec, confParams);
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
    RunningPostgres running =
        runner.start(binaries, pgdata, environment,
            line -> pgLog.info("[{}] {}", computeId, line), readinessTimeout);
    return new Running(running);
  }

  @Override
  public Lsn shutdownCheckpointLsn() throws IOException {
    return ControlData.read(binaries, pgdata, privilegeDrop).latestCheckpoint();
  }

  private record Running(RunningPostgres postgres) implements PostgresProcess {
    @Override
    public long pid() {
      return postgres.pid();
    }

    @Override
    public boolean isAlive() {
      return postgres.isAlive();
    }

    @Override
    public CompletableFuture<ExitStatus> onExit() {
      return postgres.onExit();
    }

    @Override
    public void reload() throws IOException {
      postgres.reload();
    }

    @Override
    public ExitStatus stop(Signal signal, Duration grace) throws IOException {
      return postgres.stop(signal, grace);
    }
  }
}
