package dev.computectl.core.lifecycle;

import dev.computectl.core.Failpoints;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.state.ComputeState;
import dev.computectl.sql.SpecApplier;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * What the threads of one compute share: settings, ports, the state, metrics and the process
 * slot. One instance per compute; nothing here is static.
 */
public final class NodeContext {

  private final NodeSettings settings;
  private final Clock clock;
  private final ComputeState state;
  private final NodeMetrics metrics;
  private final PostgresPlatform platform;
  private final PostgresSql sql;
  private final SpecApplier applier;
  private final MigrationTask migrations;
  private final Failpoints failpoints;
  private final StartupTimings timings = new StartupTimings();
  private final ProcessSlot slot = new ProcessSlot();
  private final RecoveryGate recovery = new RecoveryGate();
  private final MigrationRun migrationRun = new MigrationRun();
  private volatile List<PostgresSql.PendingRestart> pendingRestart = List.of();

  public NodeContext(
      NodeSettings settings, Clock clock, ComputeState state, NodeMetrics metrics,
      PostgresPlatform platform, PostgresSql sql, SpecApplier applier,
      MigrationTask migrations, Failpoints failpoints) {
    this.settings = Objects.requireNonNull(settings);
    this.clock = Objects.requireNonNull(clock);
    this.state = Objects.requireNonNull(state);
    this.metrics = Objects.requireNonNull(metrics);
    this.platform = Objects.requireNonNull(platform);
    this.sql = Objects.requireNonNull(sql);
    this.applier = Objects.requireNonNull(applier);
    this.migrations = Objects.requireNonNull(migrations);
    this.failpoints = Objects.requireNonNull(failpoints);
  }

  public NodeSettings settings() {
    return settings;
  }

  public String computeId() {
    return settings.computeId();
  }

  public Clock clock() {
    return clock;
  }

  public ComputeState state() {
    return state;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  public PostgresPlatform platform() {
    return platform;
  }

  public PostgresSql sql() {
    return sql;
  }

  public SpecApplier applier() {
    return applier;
  }

  public MigrationTask migrations() {
    return migrations;
  }

  /** The migrations thread of the current Postgres, for a terminate to wait on. */
  public MigrationRun migrationRun() {
    return migrationRun;
  }

  public Failpoints failpoints() {
    return failpoints;
  }

  public StartupTimings timings() {
    return timings;
  }

  public ProcessSlot slot() {
    return slot;
  }

  public RecoveryGate recovery() {
    return recovery;
  }

  public List<PostgresSql.PendingRestart> pendingRestart() {
    return pendingRestart;
  }

  public void pendingRestart(List<PostgresSql.PendingRestart> settings) {
    pendingRestart = List.copyOf(settings);
    metrics.pendingRestart(pendingRestart);
  }

  /** Names a thread after this compute: {@code <computeId>-<role>}. */
  public String threadName(String role) {
    return computeId() + "-" + role;
  }
}
