/** Catalog snapshots and the JDBC reader that takes them. */
package dev.computectl.sql.catalog;
