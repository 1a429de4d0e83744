package dev.computectl.core;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.computectl.spec.api.TerminateResponse;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.InputStream;

/**
 * What the HTTP layer and embedders can ask of one compute. Each method documents the {@link
 * ComputeException} subtypes it throws; the HTTP layer maps them to status codes.
 */
public interface ComputeOperations {

  String computeId();

  ComputeStatus status();

  ComputeStatusResponse statusResponse();

  /**
   * Whether the compute can serve clients now: {@code running}, and Postgres accepted a
   * connection and answered a trivial query within a short timeout. Implementations cache the
   * probe for about a second, so callers (the {@code /readiness} route) may ask often. The
   * default, for fakes, is {@code status() == RUNNING}.
   */
  default boolean ready() {
    return status() == ComputeStatus.RUNNING;
  }

  ComputeMetrics metrics();

  /** This compute's own metric registry (never the JVM-global default one). */
  PrometheusRegistry metricsRegistry();

  /** The JWK set currently in force ({@code {"keys": [...]}}); changes with every accepted config. */
  JsonNode jwks();

  /**
   * Validates the spec, stores it, and blocks until {@code running} or {@code failed}.
   *
   * @throws ComputeException.InvalidSpec before any state change
   * @throws ComputeException.InvalidState when the status does not accept a configure
   * @throws ComputeException.ConfigurationFailed when the compute ended in {@code failed}
   */
  ComputeStatusResponse configure(ConfigurationRequest request) throws ComputeException;

  /**
   * Asks the configurator to fetch a fresh config; returns at once.
   *
   * @throws ComputeException.RefreshRejected in states where a refresh is not allowed
   */
  void refreshConfiguration() throws ComputeException;

  /**
   * Promotes a running Replica to a Primary running {@code config.spec()} once it has replayed
   * {@code config.walFlushLsn()}; blocks until done. A failed promotion is a {@link
   * PromoteState.Failed} (HTTP 500), not an exception.
   *
   * @throws ComputeException.InvalidSpec when the spec fails validation (HTTP 400)
   * @throws ComputeException.InvalidState when this is not a running Replica (HTTP 412)
   */
  PromoteState promote(PromoteConfig config) throws ComputeException;

  /** Stops Postgres and blocks until {@code terminated}. Works in every state. */
  TerminateResult terminate(TerminateMode mode) throws ComputeException;

  /** @throws ComputeException.OperationFailed when Postgres cannot be reached */
  CatalogObjects catalogObjects() throws ComputeException;

  /**
   * A schema-only dump of one database, streamed. Closing the stream stops the dump.
   *
   * @throws ComputeException.NotFound when the database does not exist
   */
  InputStream databaseSchema(String database) throws ComputeException;

  void checkWritability() throws ComputeException;

  ExtensionInstallResponse installExtension(ExtensionInstallRequest request) throws ComputeException;

  SetRoleGrantsRequest setRoleGrants(SetRoleGrantsRequest request) throws ComputeException;

  /**
   * pg_stat_statements rows as {@code {"pg_stat_statements": [...]}}: at most 100, slowest mean
   * execution plus planning time first, without the admin role's own statements (as Neon).
   *
   * @throws ComputeException.InvalidState unless {@code running}
   */
  JsonNode insights() throws ComputeException;

  /**
   * A fresh snapshot of the Postgres-side families Neon's {@code /autoscaling_metrics} serves that
   * vanilla Postgres has (connections by database and state, {@code max_connections}, total
   * database size), under Neon's names; read from Postgres on every call.
   *
   * @throws ComputeException.InvalidState unless {@code running}
   * @throws ComputeException.OperationFailed when Postgres cannot be reached
   */
  MetricSnapshots autoscalingMetrics() throws ComputeException;

  /** Test failpoints, or {@link Failpoints#DISABLED} in production builds. */
  Failpoints failpoints();

  /**
   * The answer to a terminate.
   *
   * @param alreadyTerminated true when the compute was terminated before this call (HTTP 201)
   * @param durabilityError why the stop could not be made durable in storage (Postgres is
   *     stopped anyway, the answer is HTTP 500 and the process exits non-zero); null when it was
   */
  record TerminateResult(TerminateResponse response, boolean alreadyTerminated,
      String durabilityError) {

    public TerminateResult(TerminateResponse response, boolean alreadyTerminated) {
      this(response, alreadyTerminated, null);
    }
  }
}
