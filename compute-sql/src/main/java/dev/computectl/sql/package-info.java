/**
 * Brings a Postgres catalog in line with a compute spec. The entry points: {@link
 * dev.computectl.sql.SpecApplier} and its implementation {@link
 * dev.computectl.sql.PipelinedSpecApplier} (one per compute; {@code plan()} for
 * {@code --print-plan}), sessions through {@link dev.computectl.sql.JdbcConnectionFactory}, the
 * apply's options, listener, report and error, {@link dev.computectl.sql.Concurrency} and {@link
 * dev.computectl.sql.SqlQuoting}. The planner is in {@code plan}, its catalog input in {@code
 * catalog}, migrations in {@code migration}; packages under {@code internal} carry no
 * compatibility promise.
 */
package dev.computectl.sql;
