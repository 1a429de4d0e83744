/**
 * The lifecycle of one compute: the main thread ({@link dev.computectl.core.internal.lifecycle.MainLoop}:
 * wait for a spec, start, wait for the postmaster), bringing Postgres up from nothing ({@link
 * dev.computectl.core.internal.lifecycle.ComputeStarter}: PGDATA, config, start, first apply), the
 * hand-over of a postmaster started by a recovery refresh ({@link
 * dev.computectl.core.internal.lifecycle.RecoveryGate}), the apply and
 * reconfigure steps ({@link dev.computectl.core.internal.lifecycle.SpecApplication}), termination ({@link
 * dev.computectl.core.internal.lifecycle.Termination}, which first waits for the migrations thread tracked
 * by {@link dev.computectl.core.internal.lifecycle.MigrationRun}), and the ports the lifecycle runs against: {@link
 * dev.computectl.core.port.PostgresPlatform} (files and process; {@link
 * dev.computectl.core.internal.lifecycle.PgPlatform} is the real one), {@link
 * dev.computectl.core.port.PostgresSql} and {@link dev.computectl.core.port.MigrationTask}.
 */
package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.port.MigrationTask;
import dev.computectl.core.port.PostgresPlatform;
import dev.computectl.core.port.PostgresSql;
