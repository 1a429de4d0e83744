package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.computectl.spec.internal.Checks;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The compute spec: everything the control plane wants of one compute. Field names are Neon's JSON
 * keys. Collections are immutable copies; a missing optional field is null, a missing field with a
 * default gets that default, and a field with a default sent as JSON null is an error.
 *
 * <p>{@code timestamp}, which Neon's control plane sends and nobody reads, is a known field that
 * is dropped: no "unknown field" warning for it.
 */
@JsonIgnoreProperties({"timestamp"})
public record ComputeSpec(
    @JsonProperty(value = "format_version", required = true) double formatVersion,
    @JsonProperty("operation_uuid") String operationUuid,
    @JsonProperty("features") @JsonDeserialize(using = NullIsError.class)
        List<ComputeFeature> features,
    @JsonProperty("swap_size_bytes") Long swapSizeBytes,
    @JsonProperty("disk_quota_bytes") Long diskQuotaBytes,
    @JsonProperty("disable_lfc_resizing") Boolean disableLfcResizing,
    @JsonProperty(value = "cluster", required = true) Cluster cluster,
    @JsonProperty("delta_operations") List<DeltaOp> deltaOperations,
    @JsonProperty("skip_pg_catalog_updates") @JsonDeserialize(using = NullIsError.class)
        boolean skipPgCatalogUpdates,
    @JsonProperty("tenant_id") String tenantId,
    @JsonProperty("timeline_id") String timelineId,
    @JsonProperty("pageserver_connection_info") PageserverConnectionInfo pageserverConnectionInfo,
    @JsonProperty("pageserver_connstring") String pageserverConnstring,
    @JsonProperty("shard_stripe_size") Long shardStripeSize,
    @JsonProperty("project_id") String projectId,
    @JsonProperty("branch_id") String branchId,
    @JsonProperty("endpoint_id") String endpointId,
    @JsonProperty("safekeepers_generation") Long safekeepersGeneration,
    @JsonProperty("safekeeper_connstrings") @JsonDeserialize(using = NullIsError.class)
        List<String> safekeeperConnstrings,
    @JsonProperty("mode") @JsonDeserialize(using = NullIsError.class) ComputeMode mode,
    @JsonProperty("storage_auth_token") String storageAuthToken,
    @JsonProperty("remote_extensions") RemoteExtensions remoteExtensions,
    @JsonProperty("pgbouncer_settings") Map<String, String> pgbouncerSettings,
    @JsonProperty("local_proxy_config") LocalProxySpec localProxyConfig,
    @JsonProperty("reconfigure_concurrency") @JsonDeserialize(using = NullIsError.class)
        Integer reconfigureConcurrency,
    @JsonProperty("drop_subscriptions_before_start") @JsonDeserialize(using = NullIsError.class)
        boolean dropSubscriptionsBeforeStart,
    @JsonProperty("audit_log_level") @JsonDeserialize(using = NullIsError.class)
        ComputeAudit auditLogLevel,
    @JsonProperty("logs_export_host") String logsExportHost,
    @JsonProperty("endpoint_storage_addr") String endpointStorageAddr,
    @JsonProperty("endpoint_storage_token") String endpointStorageToken,
    @JsonProperty("autoprewarm") @JsonDeserialize(using = NullIsError.class)
        boolean autoprewarm,
    @JsonProperty("offload_lfc_interval_seconds") Long offloadLfcIntervalSeconds,
    @JsonProperty(value = "suspend_timeout_seconds", required = true) long suspendTimeoutSeconds,
    @JsonProperty("databricks_settings") JsonNode databricksSettings) {

  /** {@code reconfigure_concurrency} when the spec does not say. */
  public static final int DEFAULT_RECONFIGURE_CONCURRENCY = 1;

  @JsonCreator
  public ComputeSpec {
    features = Checks.listOrEmpty(features, "features");
    Checks.required(cluster, "cluster");
    deltaOperations = Checks.listOrNull(deltaOperations, "delta_operations");
    tenantId = normalizeId(tenantId, "tenant_id");
    timelineId = normalizeId(timelineId, "timeline_id");
    Checks.unsigned(swapSizeBytes, "swap_size_bytes");
    Checks.unsigned(diskQuotaBytes, "disk_quota_bytes");
    Checks.unsigned32(shardStripeSize, "shard_stripe_size");
    Checks.unsigned32(safekeepersGeneration, "safekeepers_generation");
    Checks.unsigned(offloadLfcIntervalSeconds, "offload_lfc_interval_seconds");
    if (offloadLfcIntervalSeconds != null && offloadLfcIntervalSeconds == 0) {
      throw new Checks.FieldException("offload_lfc_interval_seconds", "must not be 0");
    }
    safekeeperConnstrings = Checks.listOrEmpty(safekeeperConnstrings, "safekeeper_connstrings");
    mode = mode == null ? ComputeMode.PRIMARY : mode;
    pgbouncerSettings = Checks.mapOrNull(pgbouncerSettings, "pgbouncer_settings");
    reconfigureConcurrency =
        reconfigureConcurrency == null ? DEFAULT_RECONFIGURE_CONCURRENCY : reconfigureConcurrency;
    if (reconfigureConcurrency < 0) {
      throw new Checks.FieldException("reconfigure_concurrency", "must not be negative");
    }
    auditLogLevel = auditLogLevel == null ? ComputeAudit.Disabled : auditLogLevel;
    databricksSettings = databricksSettings == null ? null : databricksSettings.deepCopy();
  }

  /** A defensive copy: JsonNode is mutable. */
  @Override
  public JsonNode databricksSettings() {
    return databricksSettings == null ? null : databricksSettings.deepCopy();
  }

  public boolean hasFeature(ComputeFeature feature) {
    return features.contains(feature);
  }

  /** {@code tenant_id}, else the setting {@code neon.tenant_id} (raw, not yet checked). */
  public Optional<String> effectiveTenantId() {
    return tenantId != null ? Optional.of(tenantId) : cluster.setting("neon.tenant_id");
  }

  /** {@code timeline_id}, else the setting {@code neon.timeline_id} (raw, not yet checked). */
  public Optional<String> effectiveTimelineId() {
    return timelineId != null ? Optional.of(timelineId) : cluster.setting("neon.timeline_id");
  }

  /**
   * The safekeepers: {@code safekeeper_connstrings}, else (Primary only) the setting {@code
   * neon.safekeepers} split on commas.
   */
  public List<String> effectiveSafekeepers() {
    if (!safekeeperConnstrings.isEmpty() || !mode.isPrimary()) {
      return safekeeperConnstrings;
    }
    return cluster
        .setting("neon.safekeepers")
        .filter(s -> !s.isEmpty())
        .map(s -> List.of(s.split(",", -1)))
        .orElse(List.of());
  }

  /** {@code endpoint_storage_addr}, else the setting of the same name. */
  public Optional<String> effectiveEndpointStorageAddr() {
    return endpointStorageAddr != null
        ? Optional.of(endpointStorageAddr)
        : cluster.setting("neon.endpoint_storage_addr");
  }

  /** {@code endpoint_storage_token}, else the setting of the same name. */
  public Optional<String> effectiveEndpointStorageToken() {
    return endpointStorageToken != null
        ? Optional.of(endpointStorageToken)
        : cluster.setting("neon.endpoint_storage_token");
  }

  /** The union of local_proxy's role names; empty without a local_proxy config. */
  public List<String> jwtRoles() {
    return localProxyConfig == null ? List.of() : localProxyConfig.jwtRoles();
  }

  /** Never prints the storage token or role passwords. */
  @Override
  public String toString() {
    return "ComputeSpec[operation_uuid=" + operationUuid + ", mode=" + ComputeMode.typeName(mode)
        + ", tenant=" + tenantId + ", timeline=" + timelineId + ", roles="
        + cluster.roles().size() + ", databases=" + cluster.databases().size() + ", features="
        + Arrays.toString(features.toArray()) + "]";
  }

  private static String normalizeId(String id, String field) {
    if (id == null) {
      return null;
    }
    if (!TenantId.isValid(id)) {
      throw new Checks.FieldException(field, "must be 32 hex characters, got '" + id + "'");
    }
    return id.toLowerCase(Locale.ROOT);
  }
}
