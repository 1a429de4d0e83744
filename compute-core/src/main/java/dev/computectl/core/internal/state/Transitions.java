package dev.computectl.core.internal.state;

import static dev.computectl.spec.ComputeStatus.CONFIGURATION;
import static dev.computectl.spec.ComputeStatus.CONFIGURATION_PENDING;
import static dev.computectl.spec.ComputeStatus.EMPTY;
import static dev.computectl.spec.ComputeStatus.FAILED;
import static dev.computectl.spec.ComputeStatus.INIT;
import static dev.computectl.spec.ComputeStatus.REFRESH_CONFIGURATION;
import static dev.computectl.spec.ComputeStatus.REFRESH_CONFIGURATION_PENDING;
import static dev.computectl.spec.ComputeStatus.RUNNING;
import static dev.computectl.spec.ComputeStatus.TERMINATED;
import static dev.computectl.spec.ComputeStatus.TERMINATION_PENDING_FAST;
import static dev.computectl.spec.ComputeStatus.TERMINATION_PENDING_IMMEDIATE;

import dev.computectl.spec.ComputeStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of allowed status changes. It is Neon's table with three deliberate differences:
 * a terminate is accepted in every live status (Neon refuses it during a start or a configure,
 * which leaves a hung compute unstoppable), a refresh or a configure is accepted in {@code failed}
 * (so either can heal a compute instead of {@code failed} being a dead end), and a Postgres that dies on its
 * own moves any live status to {@code failed}. The requests each status accepts are in {@link
 * Request}, the lifecycle's named changes in {@link Trigger}.
 */
public final class Transitions {

  private static final Map<ComputeStatus, Set<ComputeStatus>> ALLOWED = build();

  private Transitions() {}

  private static Map<ComputeStatus, Set<ComputeStatus>> build() {
    Map<ComputeStatus, Set<ComputeStatus>> m = new EnumMap<>(ComputeStatus.class);
    // A spec given at startup, or delivered by /configure.
    m.put(EMPTY, terminable(INIT, CONFIGURATION_PENDING));
    // The first one goes to init (main thread); later ones to configuration (configurator).
    m.put(CONFIGURATION_PENDING, terminable(INIT, CONFIGURATION, FAILED));
    m.put(INIT, terminable(RUNNING, FAILED));
    m.put(RUNNING, terminable(CONFIGURATION_PENDING, REFRESH_CONFIGURATION_PENDING, FAILED));
    m.put(CONFIGURATION, terminable(RUNNING, FAILED));
    // A refresh or a configure may heal a failed compute.
    m.put(FAILED, terminable(REFRESH_CONFIGURATION_PENDING, CONFIGURATION_PENDING));
    m.put(REFRESH_CONFIGURATION_PENDING, terminable(REFRESH_CONFIGURATION, FAILED));
    m.put(
        REFRESH_CONFIGURATION,
        terminable(RUNNING, REFRESH_CONFIGURATION_PENDING, FAILED));
    m.put(TERMINATION_PENDING_FAST, EnumSet.of(TERMINATED));
    m.put(TERMINATION_PENDING_IMMEDIATE, EnumSet.of(TERMINATED));
    m.put(TERMINATED, EnumSet.noneOf(ComputeStatus.class));
    Map<ComputeStatus, Set<ComputeStatus>> frozen = new EnumMap<>(ComputeStatus.class);
    m.forEach((k, v) -> frozen.put(k, Collections.unmodifiableSet(v)));
    return Collections.unmodifiableMap(frozen);
  }

  private static Set<ComputeStatus> terminable(ComputeStatus... targets) {
    Set<ComputeStatus> set = EnumSet.of(TERMINATION_PENDING_FAST, TERMINATION_PENDING_IMMEDIATE);
    Collections.addAll(set, targets);
    return set;
  }

  public static boolean allowed(ComputeStatus from, ComputeStatus to) {
    return ALLOWED.get(from).contains(to);
  }

  /** The statuses reachable in one step from {@code from}. */
  public static Set<ComputeStatus> from(ComputeStatus from) {
    return ALLOWED.get(from);
  }

  public static boolean isTerminating(ComputeStatus status) {
    return status == TERMINATION_PENDING_FAST
        || status == TERMINATION_PENDING_IMMEDIATE
        || status == TERMINATED;
  }
}
