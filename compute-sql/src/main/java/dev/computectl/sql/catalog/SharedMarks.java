package dev.computectl.sql.catalog;

import java.util.Map;

/**
 * What the shared catalogs show of every database's per-database state, read on one session
 * ({@link CatalogReader#sharedMarks}). Per database: its oid, whether it accepts connections, and
 * the shared-dependency rows ({@code pg_shdepend}) that tie its default privileges and schemas to
 * the privileged role or to {@code web_access} (not its tables: a grant per table would make the
 * marks grow with the schema and change with every table the admin creates). Dropping and recreating schema {@code public}, revoking the
 * {@code web_access} grant or removing the default privileges changes those rows; dropping and
 * recreating the database or one of the roles changes an oid.
 *
 * @param databases by name
 * @param privilegedRoleOid 0 when the role does not exist
 * @param webAccessOid 0 when the role does not exist
 */
public record SharedMarks(Map<String, Mark> databases, long privilegedRoleOid, long webAccessOid) {

  public SharedMarks {
    databases = Map.copyOf(databases);
  }

  /**
   * @param dependencies the database's shared-dependency rows on the two roles, in a stable order
   */
  public record Mark(long oid, boolean accessible, String dependencies) {}
}
