package dev.computectl.sql.migration;

import static dev.computectl.sql.SqlQuoting.ident;
import static dev.computectl.sql.SqlQuoting.literal;

import dev.computectl.sql.SqlQuoting;
import java.util.List;

/**
 * The migrations, in their fixed order. The numbers mean the same as in Neon's runner, so a
 * database that has been through it continues where it stopped. Append only: never reorder,
 * renumber or edit a published migration.
 */
public final class Migrations {

  private Migrations() {}

  public static final List<Migration> ALL =
      List.of(
          new Migration(1, "give the privileged role BYPASSRLS", p -> "ALTER ROLE " + ident(p) + " BYPASSRLS"),
          new Migration(2, "repair INHERIT/BYPASSRLS after BYPASSRLS was given to every role", Migrations::repairBypassRls),
          new Migration(3, "on 16+: grant pg_create_subscription to the privileged role",
              p -> sinceVersion(160000, "GRANT pg_create_subscription TO %I", p)),
          new Migration(4, "grant pg_monitor to the privileged role with admin option",
              p -> "GRANT pg_monitor TO " + ident(p) + " WITH ADMIN OPTION"),
          new Migration(5, "skipped: default privileges on tables (now in ChangeSchemaPerms)", null),
          new Migration(6, "skipped: default privileges on sequences (now in ChangeSchemaPerms)", null),
          new Migration(7, "skipped: grantable default privileges on tables (now in ChangeSchemaPerms)", null),
          new Migration(8, "skipped: grantable default privileges on sequences (now in ChangeSchemaPerms)", null),
          new Migration(9, "skipped: removing REPLICATION from every role", null),
          new Migration(10, "on 16+: let the privileged role export and log standby snapshots",
              p -> sinceVersion(160000,
                  "GRANT EXECUTE ON FUNCTION pg_catalog.pg_export_snapshot(), pg_catalog.pg_log_standby_snapshot() TO %I", p)),
          new Migration(11, "let the privileged role read replication origin status",
              p -> "GRANT EXECUTE ON FUNCTION pg_catalog.pg_show_replication_origin_status() TO " + ident(p)),
          new Migration(12, "grant pg_signal_backend to the privileged role with admin option",
              p -> "GRANT pg_signal_backend TO " + ident(p) + " WITH ADMIN OPTION"));

  /** Runs {@code format(template, role)} only on servers of at least {@code versionNum}. */
  private static String sinceVersion(int versionNum, String template, String role) {
    String body =
        "BEGIN\n"
            + "  IF pg_catalog.current_setting('server_version_num')::pg_catalog.int4 OPERATOR(pg_catalog.>=) "
            + versionNum + " THEN\n"
            + "    EXECUTE pg_catalog.format(" + literal(template) + ", " + literal(role) + ");\n"
            + "  END IF;\n"
            + "END";
    return "DO " + SqlQuoting.dollar(body).quoted();
  }

  /**
   * Members of the privileged role (superusers count as members of everything) get INHERIT; every
   * other non-system role loses BYPASSRLS.
   */
  private static String repairBypassRls(String priv) {
    String body =
        "DECLARE\n"
            + "  r pg_catalog.name;\n"
            + "BEGIN\n"
            + "  FOR r IN SELECT rolname FROM pg_catalog.pg_roles\n"
            + "      WHERE pg_catalog.pg_has_role(rolname, " + literal(priv) + ", 'member') LOOP\n"
            + "    RAISE NOTICE 'making role % inherit', r;\n"
            + "    EXECUTE pg_catalog.format('ALTER ROLE %I INHERIT', r);\n"
            + "  END LOOP;\n"
            + "  FOR r IN SELECT rolname FROM pg_catalog.pg_roles\n"
            + "      WHERE NOT pg_catalog.pg_has_role(rolname, " + literal(priv) + ", 'member')\n"
            + "        AND NOT pg_catalog.starts_with(rolname, 'pg_') LOOP\n"
            + "    RAISE NOTICE 'removing BYPASSRLS from role %', r;\n"
            + "    EXECUTE pg_catalog.format('ALTER ROLE %I NOBYPASSRLS', r);\n"
            + "  END LOOP;\n"
            + "END";
    return "DO " + SqlQuoting.dollar(body).quoted();
  }
}
