/**
 * Fluent builders for compute specs and compute_ctl configs. They write the JSON tree a Neon
 * control plane sends (Neon's field names), then parse it with {@link
 * dev.computectl.spec.SpecJson}, so a test gets exactly the wire form and the model the compute
 * reads from it.
 */
package dev.computectl.testkit.spec;
