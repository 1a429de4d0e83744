package dev.computectl.sql.catalog;

/** An extension installed in the main database: its version and schema. */
public record InstalledExtension(String name, String version, String schema) {}
