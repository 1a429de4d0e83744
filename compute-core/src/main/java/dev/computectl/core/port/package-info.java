/**
 * The ports of a compute: what compute-core asks of the world, each with a plain-JDK default in
 * {@code dev.computectl.core.postgres} or {@code dev.computectl.core.config}. Storage: {@link
 * dev.computectl.core.port.ComputeStorage} fills PGDATA for a spec ({@link
 * dev.computectl.core.port.PgdataRequest} in, {@link dev.computectl.core.port.PgdataResult} out);
 * a new storage (a backup repository, a Neon pageserver) is a new implementation of it, nothing
 * else. Processes: {@link dev.computectl.core.port.ProcessControl}. Where a refresh reads its
 * spec: {@link dev.computectl.core.port.SpecSource}. Migrations: {@link
 * dev.computectl.core.port.MigrationTask}. The lifecycle's view of one Postgres, which tests (or
 * embedders without a Postgres) replace with a fake: {@link
 * dev.computectl.core.port.PostgresPlatform}, {@link dev.computectl.core.port.PostgresProcess},
 * {@link dev.computectl.core.port.PostgresSql}. Values they carry: {@link
 * dev.computectl.core.port.PgBinaries}, {@link dev.computectl.core.port.PrivilegeDrop}, {@link
 * dev.computectl.core.port.Signal}, {@link dev.computectl.core.port.ChildProcess}.
 */
package dev.computectl.core.port;
