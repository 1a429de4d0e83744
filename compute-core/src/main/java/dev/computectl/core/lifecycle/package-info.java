/**
 * The lifecycle of one compute: the main thread ({@link dev.computectl.core.lifecycle.MainLoop}:
 * wait for a spec, PGDATA, config, start, first apply, wait for the postmaster), the apply and
 * reconfigure steps ({@link dev.computectl.core.lifecycle.SpecApplication}), termination ({@link
 * dev.computectl.core.lifecycle.Termination}), and the ports the lifecycle runs against: {@link
 * dev.computectl.core.lifecycle.PostgresPlatform} (files and process; {@link
 * dev.computectl.core.lifecycle.PgPlatform} is the real one), {@link
 * dev.computectl.core.lifecycle.PostgresSql} and {@link dev.computectl.core.lifecycle.MigrationTask}.
 */
package dev.computectl.core.lifecycle;
