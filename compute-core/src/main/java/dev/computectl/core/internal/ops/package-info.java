/**
 * One-shot operations of the API on a running Postgres (internal): catalog listing, schema dump,
 * writability check, extension install, schema grants and pg_stat_statements insights. No
 * compatibility promise.
 */
package dev.computectl.core.internal.ops;
