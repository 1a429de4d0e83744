package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The compute spec: everything the control plane wants of one compute. Field names are Neon's JSON
 * keys. Collections are immutable copies; a missing optional field is null, a missing field with a
 * default gets that default.
 */
public record ComputeSpec(
    @JsonProperty(value = "format_version", required = true) double formatVersion,
    @JsonProperty("operation_uuid") String operationUuid,
    @JsonProperty("features") List<ComputeFeature> features,
    @JsonProperty("swap_size_bytes") Long swapSizeBytes,
    @JsonProperty("disk_quota_bytes") Long diskQuotaBytes,
    @JsonProperty("disable_lfc_resizing") Boolean disableLfcResizing,
    @JsonProperty(value = "cluster", required = true) Cluster cluster,
    @JsonProperty("delta_operations") List<DeltaOp> deltaOperations,
    @JsonProperty("skip_pg_catalog_updates") boolean skipPgCatalogUpdates,
    @JsonProperty("tenant_id") String tenantId,
    @JsonProperty("timeline_id") String timelineId,
    @JsonProperty("pageserver_connection_info") JsonNode pageserverConnectionInfo,
    @JsonProperty("pageserver_connstring") String pageserverConnstring,
    @JsonProperty("shard_stripe_size") Long shardStripeSize,
    @JsonProperty("project_id") String projectId,
    @JsonProperty("branch_id") String branchId,
    @JsonProperty("endpoint_id") String endpointId,
    @JsonProperty("safekeepers_generation") Long safekeepersGeneration,
    @JsonProperty("safekeeper_connstrings") List<String> safekeeperConnstrings,
    @JsonProperty("mode") ComputeMode mode,
    @JsonProperty("storage_auth_token") String storageAuthToken,
    @JsonProperty("remote_extensions") JsonNode remoteExtensions,
    @JsonProperty("pgbouncer_settings") Map<String, String> pgbouncerSettings,
    @JsonProperty("local_proxy_config") JsonNode localProxyConfig,
    @JsonProperty("reconfigure_concurrency") int reconfigureConcurrency,
    @JsonProperty("drop_subscriptions_before_start") boolean dropSubscriptionsBeforeStart,
    @JsonProperty("audit_log_level") ComputeAudit auditLogLevel,
    @JsonProperty("logs_export_host") String logsExportHost,
    @JsonProperty("endpoint_storage_addr") String endpointStorageAddr,
    @JsonProperty("endpoint_storage_token") String endpointStorageToken,
    @JsonProperty("autoprewarm") boolean autoprewarm,
    @JsonProperty("offload_lfc_interval_seconds") Long offloadLfcIntervalSeconds,
    @JsonProperty(value = "suspend_timeout_seconds", required = true) long suspendTimeoutSeconds,
    @JsonProperty("databricks_settings") JsonNode databricksSettings) {

  @JsonCreator
  public ComputeSpec {
    features = features == null ? List.of() : List.copyOf(features);
    deltaOperations = deltaOperations == null ? null : List.copyOf(deltaOperations);
    safekeeperConnstrings =
        safekeeperConnstrings == null ? List.of() : List.copyOf(safekeeperConnstrings);
    mode = mode == null ? ComputeMode.PRIMARY : mode;
    auditLogLevel = auditLogLevel == null ? ComputeAudit.Disabled : auditLogLevel;
    pgbouncerSettings =
        pgbouncerSettings == null
            ? null
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pgbouncerSettings));
    if (reconfigureConcurrency == 0) {
      reconfigureConcurrency = 1;
    }
  }
}
