/**
 * Bodies of the HTTP API and of the control-plane answer: requests, responses and the error body.
 *
 * <p>Timestamps ({@code start_time}, {@code last_active}) are written in ONE format: RFC 3339 in
 * UTC with milliseconds and a {@code Z} suffix, e.g. {@code 2025-04-01T08:00:00.250Z}. Neon writes
 * {@code last_active} with {@code +00:00} instead; we use one format for both (see
 * docs/decisions.md#wire-format-fixes). {@link dev.computectl.spec.api.ComputeStatusResponse} always writes all six keys.
 */
package dev.computectl.spec.api;
