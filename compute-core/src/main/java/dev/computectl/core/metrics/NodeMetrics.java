package dev.computectl.core.metrics;

import dev.computectl.spec.ComputeStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;

/**
 * The metrics of one compute, registered in the compute's own registry (never the JVM-global
 * default one, so twenty computes in one JVM do not collide).
 */
public final class NodeMetrics {

  private final String buildTag;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Gauge up;
  private final Gauge statusCode;
  private final Counter cplaneRequests;
  private final Counter migrationFailed;
  private final Counter refreshRequests;
  private final Gauge currentDowntimeMs;
  private final Counter downtimeMsTotal;
  private final Gauge applyPhaseSeconds;
  private final Gauge startupPhaseSeconds;
  private final Gauge pendingRestart;
  private final Counter storageFailures;
  private final Gauge replayLagBytes;
  private final Gauge replayLagSeconds;
  private final Gauge walReceiverStreaming;

  public NodeMetrics(String buildTag) {
    this.buildTag = java.util.Objects.requireNonNull(buildTag, "buildTag");
    up =
        Gauge.builder()
            .name("compute_ctl_up")
            .help("1 for the current status of the compute")
            .labelNames("build_tag", "status")
            .register(registry);
    statusCode =
        Gauge.builder()
            .name("compute_ctl_status_code")
            .help("The current status as a stable number (ComputeStatus.code())")
            .register(registry);
    cplaneRequests =
        Counter.builder()
            .name("compute_ctl_cplane_requests_total")
            .help("Requests to the control plane by rpc and numeric HTTP status (0: no answer)")
            .labelNames("rpc", "http_status")
            .register(registry);
    migrationFailed =
        Counter.builder()
            .name("compute_ctl_db_migration_failed_total")
            .help("Failed database migrations by migration id")
            .labelNames("migration_id")
            .register(registry);
    refreshRequests =
        Counter.builder()
            .name("pg_cctl_pagestream_request_errors_total")
            .help(
                "Pagestream request errors Postgres reported, counted as the POST"
                    + " /refresh_configuration calls they cause (Neon's name)")
            .register(registry);
    currentDowntimeMs =
        Gauge.builder()
            .name("compute_pg_current_downtime_ms")
            .help("Milliseconds since Postgres last answered the monitor (0 while up)")
            .register(registry);
    downtimeMsTotal =
        Counter.builder()
            .name("compute_pg_downtime_ms_total")
            .help("Total milliseconds the monitor could not reach Postgres")
            .register(registry);
    applyPhaseSeconds =
        Gauge.builder()
            .name("compute_ctl_apply_phase_duration_seconds")
            .help("Duration of each phase of the last spec apply")
            .labelNames("phase")
            .register(registry);
    // Seconds, as Prometheus naming asks; only Neon's own downtime metrics keep their _ms names.
    startupPhaseSeconds =
        Gauge.builder()
            .name("compute_ctl_startup_phase_duration_seconds")
            .help("Duration of each startup phase of this compute")
            .labelNames("phase")
            .register(registry);
    pendingRestart =
        Gauge.builder()
            .name("compute_ctl_pending_restart_settings")
            .help("Settings changed by a reconfigure that only take effect after a restart")
            .register(registry);
    refreshRequests.initLabelValues();
    downtimeMsTotal.initLabelValues();
    currentDowntimeMs.set(0);
    pendingRestart.set(0);
    replayLagBytes =
        Gauge.builder()
            .name("compute_ctl_replica_replay_lag_bytes")
            .help("On a replica: WAL received but not yet replayed, in bytes")
            .register(registry);
    replayLagSeconds =
        Gauge.builder()
            .name("compute_ctl_replica_replay_lag_seconds")
            .help("On a replica: age of the last replayed transaction (grows while the primary"
                + " is idle)")
            .register(registry);
    walReceiverStreaming =
        Gauge.builder()
            .name("compute_ctl_replica_wal_receiver_streaming")
            .help("On a replica: 1 while the WAL receiver streams from the upstream, else 0")
            .register(registry);
    storageFailures =
        Counter.builder()
            .name("compute_ctl_storage_failures_total")
            .help("Failed storage operations (the first backup of a timeline, WAL archiving),"
                + " by operation")
            .labelNames("operation")
            .register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** Sets {@code compute_ctl_up} to 1 for {@code status} only, and the numeric status gauge. */
  public void status(ComputeStatus status) {
    up.clear();
    up.labelValues(buildTag, status.label()).set(1);
    statusCode.set(status.code());
  }

  public void cplaneRequest(String rpc, int httpStatus) {
    cplaneRequests.labelValues(rpc, Integer.toString(httpStatus)).inc();
  }

  public void migrationFailed(String migrationId) {
    migrationFailed.labelValues(migrationId).inc();
  }

  public void refreshRequested() {
    refreshRequests.inc();
  }

  public void postgresUp() {
    currentDowntimeMs.set(0);
  }

  public void postgresDown(Duration current, Duration sinceLastCheck) {
    currentDowntimeMs.set(current.toMillis());
    downtimeMsTotal.inc(Math.max(0, sinceLastCheck.toMillis()));
  }

  public void applyPhase(String phase, Duration elapsed) {
    applyPhaseSeconds.labelValues(phase).set(elapsed.toNanos() / 1e9);
  }

  public void startupPhase(String phase, long millis) {
    startupPhaseSeconds.labelValues(phase).set(millis / 1000.0);
  }

  public void pendingRestart(List<?> settings) {
    pendingRestart.set(settings.size());
  }

  /** A replica's replication state, as the monitor last read it. */
  public void replication(long lagBytes, double lagSeconds, boolean streaming) {
    replayLagBytes.set(lagBytes);
    replayLagSeconds.set(lagSeconds);
    walReceiverStreaming.set(streaming ? 1 : 0);
  }

  public void storageFailure(String operation) {
    storageFailures.labelValues(operation).inc();
  }

  /** The build tag every {@code compute_ctl_up} sample carries. */
  public String buildTag() {
    return buildTag;
  }
}
