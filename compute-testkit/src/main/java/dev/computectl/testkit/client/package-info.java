/**
 * A typed client for compute_ctl's two HTTP servers, one method per route, for tests and tools.
 * Non-2xx answers become {@link dev.computectl.testkit.client.ComputeHttpException} with the status
 * and the {@code {"error": ...}} text.
 */
package dev.computectl.testkit.client;
