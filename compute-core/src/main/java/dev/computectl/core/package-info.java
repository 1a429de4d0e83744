/**
 * One Postgres compute as a Java object: the public API of compute-core. {@link
 * dev.computectl.core.ComputeNode} (built with {@link dev.computectl.core.ComputeNode#builder()}
 * from {@link dev.computectl.core.NodeIdentity}, {@link dev.computectl.core.PostgresOptions},
 * {@link dev.computectl.core.NodeTimings} and {@link dev.computectl.core.TestSeams}), the {@link
 * dev.computectl.core.ComputeOperations} the HTTP layer calls, their errors ({@link
 * dev.computectl.core.ComputeException}; {@link dev.computectl.core.NotRunningException} from
 * {@code awaitRunning}), the MDC entry that names a compute's log lines ({@link
 * dev.computectl.core.ComputeLogContext}), the one validation decision ({@link
 * dev.computectl.core.SpecPolicy}), the {@link dev.computectl.core.ExitOutcome} the launcher turns
 * into an exit code, and the {@link dev.computectl.core.Failpoints} hooks. The ports a compute
 * runs against are in {@code dev.computectl.core.port}; everything under {@code
 * dev.computectl.core.internal} carries no compatibility promise.
 */
package dev.computectl.core;
