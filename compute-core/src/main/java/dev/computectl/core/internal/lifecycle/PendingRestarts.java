package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.port.PostgresSql.PendingRestart;
import java.util.List;

/** The settings a reconfigure changed that wait for a restart, as last read, and their metric. */
public final class PendingRestarts {

  private final NodeMetrics metrics;
  private volatile List<PendingRestart> current = List.of();

  public PendingRestarts(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  public List<PendingRestart> current() {
    return current;
  }

  void update(List<PendingRestart> settings) {
    current = List.copyOf(settings);
    metrics.pendingRestart(current);
  }
}
