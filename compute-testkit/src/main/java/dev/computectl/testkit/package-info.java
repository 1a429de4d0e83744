/**
 * The embedding harness: {@link dev.computectl.testkit.TestCompute} runs one compute (in this JVM
 * or as a {@code compute_ctl.jar} child process) with Postgres on a free port, and always stops it.
 * {@link dev.computectl.testkit.Ports} picks the ports and {@link dev.computectl.testkit.WorkDirs}
 * the directories (tmpfs when there is room) for the harness and {@code TestPostgres}.
 * The sub-packages hold the pieces it is built from: spec builders, test JWTs, a fake control
 * plane, a typed HTTP client and the JUnit 5 extension.
 */
package dev.computectl.testkit;
