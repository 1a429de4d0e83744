/**
 * The monitor thread: Postgres up/downtime and the {@code last_active} time the control plane uses
 * to decide when to suspend a compute.
 */
package dev.computectl.core.internal.monitor;
