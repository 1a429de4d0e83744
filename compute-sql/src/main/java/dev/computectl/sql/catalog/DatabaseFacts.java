package dev.computectl.sql.catalog;

import dev.computectl.spec.Database;
import dev.computectl.spec.GenericOption;
import java.util.Locale;

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
    boolean defaultPrivilegesGranted) {

  /**
   * The database {@code CREATE DATABASE} copies when no template is named. A database created
   * from it starts as a byte copy of its catalogs, so its facts are the template's facts.
   */
  public static final String TEMPLATE = "template1";

  /**
   * Facts that plan no schema-permission command, for a database whose state is known without
   * reading it (it says "no public schema to fix", which is what matters to the planner).
   */
  public static final DatabaseFacts SETTLED = new DatabaseFacts(false, null, true, true);

  /** Whether a spec database names its own template (then the template1 facts do not apply). */
  public static boolean namesTemplate(Database db) {
    if (db.options() == null) {
      return false;
    }
    for (GenericOption option : db.options()) {
      if ("template".equals(option.name().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
