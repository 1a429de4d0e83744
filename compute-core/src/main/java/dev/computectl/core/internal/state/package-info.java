/**
 * The state machine: {@link dev.computectl.core.internal.state.Transitions} is the one table of allowed
 * status changes; {@link dev.computectl.core.internal.state.ComputeState} holds the shared state behind one
 * lock and condition and changes the status in exactly one method, which checks the table, logs,
 * wakes waiters and updates the status metrics. {@link dev.computectl.core.internal.state.ConfigureTickets}
 * keeps the answers owed to {@code /configure} callers under that same lock.
 */
package dev.computectl.core.internal.state;
