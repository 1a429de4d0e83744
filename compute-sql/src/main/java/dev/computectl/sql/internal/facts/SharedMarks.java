package dev.computectl.sql.internal.facts;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the shared catalogs show of every database's per-database state, read on one session
 * ({@link SharedMarksReader}). Per database: its oid, whether it accepts connections, and
 * the shared-dependency rows ({@code pg_shdepend}) that tie its default privileges and schemas to
 * the privileged role or to {@code web_access} (not its tables: a grant per table would make the
 * marks grow with the schema and change with every table the admin creates). Dropping and recreating schema {@code public}, revoking the
 * {@code web_access} grant or removing the default privileges changes those rows; dropping and
 * recreating the database or one of the roles changes an oid.
 *
 * <p>The same read tells where a default ACL names the privileged role ({@link
 * #defaultAclDatabases}), which {@link FactsToRead} uses as proof that grants are missing.
 *
 * @param databases by name
 * @param privilegedRoleOid 0 when the role does not exist
 * @param privilegedRoleTracked whether that role's default-ACL grants show in {@code
 *     pg_shdepend} (not for a pinned role, nor for the session's own role); true when it does not
 *     exist
 * @param webAccessOid 0 when the role does not exist
 */
public record SharedMarks(
    Map<String, Mark> databases, long privilegedRoleOid, boolean privilegedRoleTracked, long webAccessOid) {

  public SharedMarks {
    databases = Map.copyOf(databases);
  }

  /**
   * The databases in which some default ACL names the privileged role; empty when the shared
   * catalogs cannot tell (an untracked role). A role that does not exist yet is named nowhere.
   */
  public Optional<Set<String>> defaultAclDatabases() {
    if (!privilegedRoleTracked) {
      return Optional.empty();
    }
    return Optional.of(databases.entrySet().stream()
        .filter(e -> e.getValue().defaultAclNamesPrivilegedRole())
        .map(Map.Entry::getKey)
        .collect(Collectors.toUnmodifiableSet()));
  }

  /**
   * @param dependencies the database's shared-dependency rows on the two roles, in a stable order
   * @param defaultAclNamesPrivilegedRole whether a default ACL in it grants to the privileged role
   */
  public record Mark(long oid, boolean accessible, String dependencies, boolean defaultAclNamesPrivilegedRole) {}
}
