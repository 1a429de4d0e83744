/**
 * The files of a vanilla Postgres compute (internal): postgresql.conf and pg_hba.conf writers,
 * pg_controldata, and {@link dev.computectl.core.internal.postgres.PgPlatform}, the real {@link
 * dev.computectl.core.port.PostgresPlatform}. No compatibility promise.
 */
package dev.computectl.core.internal.postgres;
