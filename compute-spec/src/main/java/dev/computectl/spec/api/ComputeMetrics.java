package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Startup timings of {@code GET /metrics.json}: thirteen unsigned integers, always present. */
public record ComputeMetrics(
    @JsonProperty("wait_for_spec_ms") long waitForSpecMs,
    @JsonProperty("sync_sk_check_ms") long syncSkCheckMs,
    @JsonProperty("sync_safekeepers_ms") long syncSafekeepersMs,
    @JsonProperty("pageserver_connect_micros") long pageserverConnectMicros,
    @JsonProperty("basebackup_ms") long basebackupMs,
    @JsonProperty("basebackup_bytes") long basebackupBytes,
    @JsonProperty("start_postgres_ms") long startPostgresMs,
    @JsonProperty("config_ms") long configMs,
    @JsonProperty("total_startup_ms") long totalStartupMs,
    @JsonProperty("load_ext_ms") long loadExtMs,
    @JsonProperty("num_ext_downloaded") long numExtDownloaded,
    @JsonProperty("largest_ext_size") long largestExtSize,
    @JsonProperty("total_ext_download_size") long totalExtDownloadSize) {

  public static final ComputeMetrics ZERO = new ComputeMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
