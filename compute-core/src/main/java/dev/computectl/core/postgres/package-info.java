/**
 * The plain-JDK defaults for running vanilla Postgres: a fresh cluster from initdb through a
 * template cache ({@link dev.computectl.core.storage.FreshStorage}, {@link
 * dev.computectl.core.postgres.TemplateCache}), processes signalled with {@code /bin/kill}
 * ({@link dev.computectl.core.postgres.JdkProcessControl}), and a postmaster started as a direct
 * child and waited for ({@link dev.computectl.core.postgres.PostgresRunner}, {@link
 * dev.computectl.core.postgres.RunningPostgres}). The launcher swaps the process control for
 * jnr-posix; tests reuse the rest for plain test clusters.
 */
package dev.computectl.core.postgres;
