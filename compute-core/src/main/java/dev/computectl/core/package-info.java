/**
 * One Postgres compute as a Java object: {@link dev.computectl.core.ComputeNode} (built with
 * {@link dev.computectl.core.ComputeNode#builder()}), the {@link
 * dev.computectl.core.ComputeOperations} the HTTP layer calls, their errors ({@link
 * dev.computectl.core.ComputeException}), the {@link dev.computectl.core.ExitOutcome} the launcher
 * turns into an exit code, and the {@link dev.computectl.core.Failpoints} port.
 */
package dev.computectl.core;
