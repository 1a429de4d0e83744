/**
 * The state machine (internal). {@link dev.computectl.core.internal.state.Transitions} is the one
 * table of allowed status changes; beside it, as data checked against it, {@link
 * dev.computectl.core.internal.state.Request} says which API requests each status accepts and
 * {@link dev.computectl.core.internal.state.Trigger} names the lifecycle's own changes. {@link
 * dev.computectl.core.internal.state.ComputeState} holds the shared state behind one lock and
 * changes the status in exactly one method, which checks the table, logs, wakes waiters and
 * updates the status metrics; {@link dev.computectl.core.internal.state.ConfigureTickets} keeps
 * the answers owed to {@code /configure} callers under that lock. No compatibility promise.
 */
package dev.computectl.core.internal.state;
