package dev.computectl.launcher;

import ch.qos.logback.classic.Level;
import dev.computectl.launcher.LogSetup.LogFormat;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated command line. Optional values are empty when the flag was not given and no
 * default applies; {@link ComputeCtlCommand} has already checked every rule between flags.
 *
 * @param connstr how compute_ctl reaches its own Postgres; never logged as is (it may hold a
 *     password), see {@link Redact#connstr}
 * @param pgbin the postgres binary of {@code -b/--pgbin}, else of {@code POSTGRES_PATH}
 * @param pgbinSetting which of the two gave {@code pgbin}, for errors ({@code --pgbin} or {@code
 *     POSTGRES_PATH})
 * @param pgbackrestConfig {@code --pgbackrest-config}: the compute's data lives in that pgBackRest
 *     repository
 * @param recoveryWindow {@code --recovery-window}: how long a compute that lost its postmaster
 *     waits in {@code failed} for a refresh that starts it again; zero exits with the postmaster
 * @param failpoints {@code --enable-failpoints}: the internal {@code /failpoints} route works
 * @param controlPlaneRetry {@code --control-plane-retry-seconds}: how long the startup fetch from
 *     the control plane retries 5xx answers, timeouts and connection errors
 * @param failedStartExitDelay {@code --failed-start-exit-delay}: how long the HTTP servers stay
 *     up after a failed start before the exit, so a control plane can read the error
 * @param pgSocketDir {@code --pg-socket-dir}: Postgres's unix socket directory, else its built-in
 *     default
 */
record LaunchOptions(
    Action action,
    Optional<Path> pgdata,
    Optional<URI> connstr,
    Optional<Path> specPath,
    Optional<Path> configPath,
    Optional<URI> controlPlaneUri,
    Optional<Path> pgbin,
    String pgbinSetting,
    String computeId,
    int externalHttpPort,
    int internalHttpPort,
    String privilegedRoleName,
    Optional<Integer> pgPort,
    Duration recoveryWindow,
    Path templateCache,
    LogFormat logFormat,
    Level logLevel,
    boolean failpoints,
    Optional<Path> pgbackrestConfig,
    Duration controlPlaneRetry,
    Duration failedStartExitDelay,
    Optional<Path> pgSocketDir) {

  /** The user compute_ctl connects as when {@code --connstr} is not given. */
  static final String DEFAULT_ADMIN_ROLE = "cloud_admin";

  LaunchOptions {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(pgbinSetting, "pgbinSetting");
    Objects.requireNonNull(computeId, "computeId");
    Objects.requireNonNull(privilegedRoleName, "privilegedRoleName");
    Objects.requireNonNull(recoveryWindow, "recoveryWindow");
    Objects.requireNonNull(templateCache, "templateCache");
    Objects.requireNonNull(logFormat, "logFormat");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(controlPlaneRetry, "controlPlaneRetry");
    Objects.requireNonNull(failedStartExitDelay, "failedStartExitDelay");
    Objects.requireNonNull(pgSocketDir, "pgSocketDir");
  }

  /** What this run of compute_ctl does. */
  enum Action {
    /** Start the compute and run until Postgres exits. */
    RUN,
    /** Parse and validate the spec or config file, print the problems, start nothing. */
    CHECK_CONFIG,
    /** Print the SQL plan the spec would run against the Postgres at the connstr. */
    PRINT_PLAN
  }

  /** The file holding the spec: the bare spec ({@code -S}) or the config ({@code -c}). */
  Optional<Path> specSource() {
    return specPath.or(() -> configPath);
  }

  @Override
  public String toString() {
    return "LaunchOptions[action=" + action + ", pgdata=" + pgdata.orElse(null)
        + ", connstr=" + connstr.map(Redact::connstr).orElse(null)
        + ", spec=" + specSource().orElse(null)
        + ", controlPlane=" + controlPlaneUri.map(Redact::connstr).orElse(null)
        + ", computeId=" + computeId + "]";
  }
}
