package dev.computectl.core.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * The fixed settings of one compute's lifecycle, filled by {@code ComputeNode.Builder}.
 *
 * @param adminRole the role of the admin connstr (never altered by the planner)
 * @param privilegedRole the "weak superuser" role name
 * @param overrideContent written to the temporary override file around an apply ("" on vanilla
 *     Postgres, where {@code neon.max_cluster_size} does not exist)
 * @param stopGrace how long a stopping Postgres gets before SIGKILL
 * @param reloadVerifyTimeout how long a reconfigure polls SHOW for the new config token
 * @param refreshBackoffStart first wait before retrying a failed refresh (doubles each time)
 * @param refreshBackoffMax cap of that wait
 * @param recoveryWindow how long a compute whose postmaster was lost (or never started) waits in
 *     {@code failed} for a refresh that starts a new one before the lifecycle ends; zero ends it
 *     at once
 */
public record NodeSettings(
    String computeId,
    String adminRole,
    String privilegedRole,
    String buildTag,
    Duration readinessTimeout,
    Duration stopGrace,
    String overrideContent,
    Duration reloadVerifyTimeout,
    Duration refreshBackoffStart,
    Duration refreshBackoffMax,
    Duration monitorInterval,
    Duration recoveryWindow) {

  public NodeSettings {
    Objects.requireNonNull(computeId, "computeId");
    Objects.requireNonNull(adminRole, "adminRole");
    Objects.requireNonNull(privilegedRole, "privilegedRole");
    Objects.requireNonNull(buildTag, "buildTag");
    Objects.requireNonNull(readinessTimeout, "readinessTimeout");
    Objects.requireNonNull(stopGrace, "stopGrace");
    overrideContent = overrideContent == null ? "" : overrideContent;
    Objects.requireNonNull(reloadVerifyTimeout, "reloadVerifyTimeout");
    Objects.requireNonNull(refreshBackoffStart, "refreshBackoffStart");
    Objects.requireNonNull(refreshBackoffMax, "refreshBackoffMax");
    Objects.requireNonNull(monitorInterval, "monitorInterval");
    recoveryWindow = recoveryWindow == null || recoveryWindow.isNegative()
        ? Duration.ZERO : recoveryWindow;
  }
}
