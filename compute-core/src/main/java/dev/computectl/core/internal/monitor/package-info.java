/**
 * The monitor thread (internal): Postgres up/downtime and the {@code last_active} time the
 * control plane uses to decide when to suspend a compute. No compatibility promise.
 */
package dev.computectl.core.internal.monitor;
