package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.internal.state.ComputeState;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.port.StorageEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage work in the background reports here: a failure becomes {@code /status}'s error (the
 * status itself stays, the compute still serves) and counts in {@code
 * compute_ctl_storage_failures_total}; the next success of the same operation clears that error.
 */
public final class StorageReports implements StorageEvents {

  private static final Logger log = LoggerFactory.getLogger(StorageReports.class);

  private final String computeId;
  private final ComputeState state;
  private final NodeMetrics metrics;

  public StorageReports(String computeId, ComputeState state, NodeMetrics metrics) {
    this.computeId = computeId;
    this.state = state;
    this.metrics = metrics;
  }

  @Override
  public void failed(String operation, String message) {
    metrics.storageFailure(operation);
    state.recordError(errorOf(operation, message));
  }

  @Override
  public void succeeded(String operation) {
    if (state.clearErrorStartingWith(prefix(operation))) {
      log.info("compute {}: storage {} succeeded; error cleared", computeId, operation);
    }
  }

  private static String errorOf(String operation, String message) {
    return prefix(operation) + message;
  }

  private static String prefix(String operation) {
    return "storage: " + operation + " failed: ";
  }
}
