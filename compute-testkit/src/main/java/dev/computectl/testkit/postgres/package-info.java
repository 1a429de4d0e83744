/**
 * Throw-away real Postgres servers for integration tests: {@link
 * dev.computectl.testkit.postgres.TestPostgres} (one per test class, see {@link
 * dev.computectl.testkit.postgres.TestPostgresExtension}) and {@link
 * dev.computectl.testkit.postgres.ZonkyBinaries} for machines without a system Postgres.
 */
package dev.computectl.testkit.postgres;
