/**
 * The catalog snapshot the planner takes ({@link dev.computectl.sql.catalog.CatalogSnapshot}: roles,
 * databases, extensions, and per database its {@link dev.computectl.sql.catalog.DatabaseFacts},
 * known, settled or unknown), and the JDBC reader that takes it ({@link
 * dev.computectl.sql.catalog.CatalogReader}).
 */
package dev.computectl.sql.catalog;
