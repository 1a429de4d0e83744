/**
 * Numbered, append-only catalog migrations run once after the first apply on a primary, counted in
 * {@code neon_migration.migration_id} as Neon's runner does.
 */
package dev.computectl.sql.migration;
