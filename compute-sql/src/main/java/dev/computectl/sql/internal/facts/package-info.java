/**
 * Internal, no compatibility promise: may change in any release. How the applier decides what to
 * know of each database before planning, so that a re-apply does not open a session per database:
 * which databases an earlier apply settled ({@code SettledDatabases}, checked against the shared
 * catalogs' {@code SharedMarks}), which to read ({@code FactsToRead}, pure), and reading them
 * ({@code FactsReader}).
 */
package dev.computectl.sql.internal.facts;
