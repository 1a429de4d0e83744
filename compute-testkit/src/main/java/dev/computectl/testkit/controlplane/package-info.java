/**
 * A fake Neon control plane: the one route compute_ctl calls ({@code GET
 * /compute/api/v2/computes/{id}/spec}), with scripted answers per compute and a record of every
 * request, so tests can drive startup and refresh paths and assert on what the compute sent.
 */
package dev.computectl.testkit.controlplane;
