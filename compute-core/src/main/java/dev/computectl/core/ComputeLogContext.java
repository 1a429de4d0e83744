package dev.computectl.core;

import java.util.Map;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * Tags log events with the compute they belong to: every thread a compute starts runs with the
 * SLF4J MDC entry {@link #COMPUTE_ID} set, so a JSON log line (and any backend's pattern) can
 * name the compute without parsing thread names. Per thread, never global: many computes share
 * one JVM.
 */
public final class ComputeLogContext {

  /** The MDC key that holds the compute id on a compute's threads. */
  public static final String COMPUTE_ID = "compute_id";

  private ComputeLogContext() {}

  /** {@code task} run with {@link #COMPUTE_ID} set to {@code computeId}; restored afterwards. */
  public static Runnable bound(String computeId, Runnable task) {
    Objects.requireNonNull(computeId, "computeId");
    Objects.requireNonNull(task, "task");
    return () -> {
      String before = MDC.get(COMPUTE_ID);
      MDC.put(COMPUTE_ID, computeId);
      try {
        task.run();
      } finally {
        if (before == null) {
          MDC.remove(COMPUTE_ID);
        } else {
          MDC.put(COMPUTE_ID, before);
        }
      }
    };
  }

  /**
   * {@code task} run with the MDC of the thread calling this method (a compute's thread handing
   * work to a new thread); the running thread's own MDC is restored afterwards.
   */
  public static Runnable inheriting(Runnable task) {
    Objects.requireNonNull(task, "task");
    Map<String, String> context = MDC.getCopyOfContextMap();
    return () -> {
      Map<String, String> before = MDC.getCopyOfContextMap();
      replace(context);
      try {
        task.run();
      } finally {
        replace(before);
      }
    };
  }

  private static void replace(Map<String, String> context) {
    if (context == null || context.isEmpty()) {
      MDC.clear();
    } else {
      MDC.setContextMap(context);
    }
  }
}
