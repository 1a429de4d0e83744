/**
 * The compute's two HTTP servers over {@link dev.computectl.core.ComputeOperations}: the external
 * one (JWT, for the control plane) and the internal one (loopback, no auth, for local tools and the
 * Postgres extension). {@link dev.computectl.http.ComputeHttpServer} and {@link
 * dev.computectl.http.HttpOptions} are the public API; everything else is package-private.
 */
package dev.computectl.http;
