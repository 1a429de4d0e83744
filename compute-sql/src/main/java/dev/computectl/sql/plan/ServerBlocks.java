package dev.computectl.sql.plan;

import static dev.computectl.sql.SqlQuoting.literal;

import dev.computectl.sql.SqlQuoting;

/**
 * Statements whose condition is checked by the server when they run (anonymous PL/pgSQL blocks).
 * Names enter as string literals and become identifiers on the server through {@code format('%I')};
 * the block body is dollar-quoted with a tag it does not contain. Catalog objects and operators are
 * schema-qualified so that user-defined objects cannot change their meaning.
 */
final class ServerBlocks {

  private ServerBlocks() {}

  static String doBlock(String body) {
    return "DO " + SqlQuoting.dollar(body).quoted();
  }

  static String createPrivilegedRole(String priv) {
    return doBlock(
        "BEGIN\n"
            + "  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) "
            + literal(priv) + ") THEN\n"
            + "    EXECUTE pg_catalog.format('CREATE ROLE %I CREATEDB CREATEROLE NOLOGIN REPLICATION"
            + " BYPASSRLS IN ROLE pg_read_all_data, pg_write_all_data', " + literal(priv) + ");\n"
            + "  END IF;\n"
            + "END");
  }

  /** A template database cannot be dropped: clear the flag first, if the database exists. */
  static String clearTemplateFlag(String database) {
    return doBlock(
        "BEGIN\n"
            + "  IF EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname OPERATOR(pg_catalog.=) "
            + literal(database) + ") THEN\n"
            + "    EXECUTE pg_catalog.format('ALTER DATABASE %I IS_TEMPLATE false', "
            + literal(database) + ");\n"
            + "  END IF;\n"
            + "END");
  }

  /**
   * Drops the subscriptions of one database without touching the publisher's slot. The lock on
   * pg_subscription keeps concurrent runs in several databases from deadlocking.
   */
  static String dropSubscriptions(String database) {
    return doBlock(
        "DECLARE\n"
            + "  sub pg_catalog.name;\n"
            + "BEGIN\n"
            + "  LOCK TABLE pg_catalog.pg_subscription IN ACCESS EXCLUSIVE MODE;\n"
            + "  FOR sub IN SELECT s.subname FROM pg_catalog.pg_subscription s\n"
            + "      JOIN pg_catalog.pg_database d ON d.oid OPERATOR(pg_catalog.=) s.subdbid\n"
            + "      WHERE d.datname OPERATOR(pg_catalog.=) " + literal(database) + " LOOP\n"
            + "    EXECUTE pg_catalog.format('ALTER SUBSCRIPTION %I DISABLE', sub);\n"
            + "    EXECUTE pg_catalog.format('ALTER SUBSCRIPTION %I SET (slot_name = NONE)', sub);\n"
            + "    EXECUTE pg_catalog.format('DROP SUBSCRIPTION %I', sub);\n"
            + "  END LOOP;\n"
            + "END");
  }

  /**
   * Revokes table privileges in {@code public} that other roles granted to {@code role}, acting as
   * each grantor in turn: DROP OWNED alone does not remove them, and they block DROP ROLE.
   */
  static String revokeGrantsInPublic(String role) {
    return doBlock(
        "DECLARE\n"
            + "  grantors pg_catalog.text[];\n"
            + "  g pg_catalog.text;\n"
            + "BEGIN\n"
            + "  SELECT pg_catalog.array_agg(DISTINCT pg_catalog.pg_get_userbyid(a.grantor)) INTO grantors\n"
            + "    FROM pg_catalog.pg_class c\n"
            + "    JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace\n"
            + "    CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a\n"
            + "    JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) a.grantee\n"
            + "    WHERE n.nspname OPERATOR(pg_catalog.=) 'public'\n"
            + "      AND r.rolname OPERATOR(pg_catalog.=) " + literal(role) + ";\n"
            + "  IF grantors IS NULL THEN\n"
            + "    RETURN;\n"
            + "  END IF;\n"
            + "  FOREACH g IN ARRAY grantors LOOP\n"
            + "    EXECUTE pg_catalog.format('SET LOCAL ROLE %I', g);\n"
            + "    EXECUTE pg_catalog.format('REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public"
            + " FROM %I GRANTED BY %I', " + literal(role) + ", g);\n"
            + "    RESET ROLE;\n"
            + "  END LOOP;\n"
            + "END");
  }

  /** Hands {@code public} to the database owner when an admin role still owns it. */
  static String publicSchemaOwner(String owner, String adminRole) {
    return doBlock(
        "BEGIN\n"
            + "  IF EXISTS (SELECT FROM pg_catalog.pg_namespace n\n"
            + "      JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner\n"
            + "      WHERE n.nspname OPERATOR(pg_catalog.=) 'public'\n"
            + "        AND r.rolname OPERATOR(pg_catalog.=) ANY (ARRAY[" + literal(adminRole)
            + ", 'cloud_admin', 'zenith_admin']::pg_catalog.name[])) THEN\n"
            + "    EXECUTE pg_catalog.format('ALTER SCHEMA public OWNER TO %I', " + literal(owner) + ");\n"
            + "  END IF;\n"
            + "END");
  }

  /**
   * Lets {@code web_access} create in {@code public} (unless {@code webAccess} is false: the
   * apply drops that role) and gives the privileged role everything on future tables and
   * sequences that the admin role creates there.
   */
  static String publicSchemaDefaultGrants(String priv, boolean webAccess) {
    String webAccessGrant = !webAccess ? ""
        : "  IF pg_catalog.current_setting('server_version_num')::pg_catalog.int4 OPERATOR(pg_catalog.>=) 150000\n"
            + "     AND EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'web_access') THEN\n"
            + "    GRANT CREATE ON SCHEMA public TO web_access;\n"
            + "  END IF;\n";
    return doBlock(
        "BEGIN\n"
            + "  IF NOT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname OPERATOR(pg_catalog.=) 'public') THEN\n"
            + "    RETURN;\n"
            + "  END IF;\n"
            + webAccessGrant
            + "  EXECUTE pg_catalog.format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES"
            + " TO %I WITH GRANT OPTION', " + literal(priv) + ");\n"
            + "  EXECUTE pg_catalog.format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES"
            + " TO %I WITH GRANT OPTION', " + literal(priv) + ");\n"
            + "END");
  }

  /** Lets the neon extension be moved to its own schema (it was created non-relocatable once). */
  static String makeNeonRelocatable() {
    return "UPDATE pg_catalog.pg_extension SET extrelocatable = true "
        + "WHERE extname OPERATOR(pg_catalog.=) 'neon' AND NOT extrelocatable";
  }
}
