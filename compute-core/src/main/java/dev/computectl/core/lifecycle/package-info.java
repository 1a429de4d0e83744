/**
 * The lifecycle of one compute: the main thread ({@link dev.computectl.core.lifecycle.MainLoop}:
 * wait for a spec, start, wait for the postmaster), bringing Postgres up from nothing ({@link
 * dev.computectl.core.lifecycle.ComputeStarter}: PGDATA, config, start, first apply), the
 * hand-over of a postmaster started by a recovery refresh ({@link
 * dev.computectl.core.lifecycle.RecoveryGate}), the apply and
 * reconfigure steps ({@link dev.computectl.core.lifecycle.SpecApplication}), termination ({@link
 * dev.computectl.core.lifecycle.Termination}, which first waits for the migrations thread tracked
 * by {@link dev.computectl.core.lifecycle.MigrationRun}), and the ports the lifecycle runs against: {@link
 * dev.computectl.core.lifecycle.PostgresPlatform} (files and process; {@link
 * dev.computectl.core.lifecycle.PgPlatform} is the real one), {@link
 * dev.computectl.core.lifecycle.PostgresSql} and {@link dev.computectl.core.lifecycle.MigrationTask}.
 */
package dev.computectl.core.lifecycle;
