/**
 * The Prometheus metrics of one compute, in the compute's own registry (never the JVM-global
 * default registry).
 */
package dev.computectl.core.metrics;
