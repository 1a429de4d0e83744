package dev.computectl.sql.catalog;

/**
 * What the per-database phases need to know about one database, read in that database.
 *
 * @param publicSchemaExists whether schema {@code public} exists
 * @param publicSchemaOwner its owner's name, or null
 * @param webAccessCanCreate true when role {@code web_access} is absent or already has CREATE on
 *     {@code public}
 * @param defaultPrivilegesGranted whether the admin role's default privileges in {@code public}
 *     already give the privileged role everything on tables and sequences, with grant option
 */
public record DatabaseFacts(
    boolean publicSchemaExists,
    String publicSchemaOwner,
    boolean webAccessCanCreate,
    boolean defaultPrivilegesGranted) {}
