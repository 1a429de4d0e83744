/**
 * Running vanilla Postgres for a compute: finding the binaries ({@link
 * dev.computectl.core.port.PgBinaries}), running them as a non-root user when we are root
 * ({@link dev.computectl.core.port.PrivilegeDrop}), filling PGDATA from a cached initdb
 * template ({@link dev.computectl.core.postgres.InitdbPgdataSource}), writing postgresql.conf and
 * pg_hba.conf ({@link dev.computectl.core.internal.postgres.PostgresConfWriter}), and starting, reloading
 * and stopping the postmaster as a direct child ({@link dev.computectl.core.postgres.PostgresRunner},
 * {@link dev.computectl.core.postgres.RunningPostgres}). No HTTP and no JNI here; signals go
 * through the {@link dev.computectl.core.port.ProcessControl} port.
 */
package dev.computectl.core.postgres;

import dev.computectl.core.internal.postgres.PostgresConfWriter;
import dev.computectl.core.postgres.PostgresRunner;
import dev.computectl.core.postgres.RunningPostgres;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.port.ProcessControl;
