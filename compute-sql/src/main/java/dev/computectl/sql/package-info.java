/**
 * Brings a Postgres catalog in line with a compute spec: the public API compute-core calls
 * ({@link dev.computectl.sql.SpecApplier}, {@link dev.computectl.sql.PipelinedSpecApplier}, {@link
 * dev.computectl.sql.JdbcConnectionFactory}, {@link dev.computectl.sql.SqlQuoting}, {@link
 * dev.computectl.sql.Concurrency}) and the apply's options, reports and errors.
 */
package dev.computectl.sql;
