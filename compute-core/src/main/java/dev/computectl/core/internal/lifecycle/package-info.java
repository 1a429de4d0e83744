/**
 * The lifecycle of one compute (internal): the main thread ({@link
 * dev.computectl.core.internal.lifecycle.MainLoop}: wait for a spec, start, wait for the
 * postmaster), bringing Postgres up from nothing ({@link
 * dev.computectl.core.internal.lifecycle.ComputeStarter}: PGDATA, config, start, first apply), the
 * apply and reconfigure steps ({@link dev.computectl.core.internal.lifecycle.SpecApplication}),
 * the configurator thread ({@link dev.computectl.core.internal.lifecycle.Configurator}: reconfigure
 * and refresh), the hand-over of a postmaster started by a recovery refresh ({@link
 * dev.computectl.core.internal.lifecycle.RecoveryGate}), migrations ({@link
 * dev.computectl.core.internal.lifecycle.Migrations}) and termination ({@link
 * dev.computectl.core.internal.lifecycle.Termination}). A failed step is a {@link
 * dev.computectl.core.internal.lifecycle.LifecycleException}. No compatibility promise.
 */
package dev.computectl.core.internal.lifecycle;
