/**
 * What the planner knows about the server: the catalog snapshot and the JDBC reader that takes it,
 * which databases need their facts read ({@code FactsToRead}), and which ones an applier has
 * already settled ({@code SettledDatabases}, checked against the shared {@code SharedMarks}).
 */
package dev.computectl.sql.catalog;
