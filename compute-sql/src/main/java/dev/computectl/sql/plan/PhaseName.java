package dev.computectl.sql.plan;

/**
 * The phases of an apply, in the order they run, with Neon's names. Per-database
 * phases run as one task per database; the others run on the main connection.
 */
public enum PhaseName {
  DROP_SUBSCRIPTIONS_BEFORE_DELETE("DropLogicalSubscriptionsBeforeDelete", true),
  CREATE_PRIVILEGED_ROLE("CreatePrivilegedRole", false),
  DROP_INVALID_DATABASES("DropInvalidDatabases", false),
  RENAME_ROLES("RenameRoles", false),
  CREATE_AND_ALTER_ROLES("CreateAndAlterRoles", false),
  RENAME_AND_DELETE_DATABASES("RenameAndDeleteDatabases", false),
  CREATE_AND_ALTER_DATABASES("CreateAndAlterDatabases", false, true),
  CREATE_SCHEMA_NEON("CreateSchemaNeon", false),
  DELETE_DB_ROLE_REFERENCES("DeleteDBRoleReferences", true),
  CHANGE_SCHEMA_PERMS("ChangeSchemaPerms", true),
  DROP_LOGICAL_SUBSCRIPTIONS("DropLogicalSubscriptions", true),
  HANDLE_OTHER_EXTENSIONS("HandleOtherExtensions", false),
  HANDLE_NEON_EXTENSION("HandleNeonExtension", false),
  CREATE_AVAILABILITY_CHECK("CreateAvailabilityCheck", false),
  DROP_ROLES("DropRoles", false),
  FINALIZE_DROP_LOGICAL_SUBSCRIPTIONS("FinalizeDropLogicalSubscriptions", false),
  CREATE_PGAUDIT_EXTENSION("CreatePgauditExtension", false),
  CREATE_PGAUDITLOGTOFILE_EXTENSION("CreatePgauditlogtofileExtension", false),
  DISABLE_POSTGRES_DB_PGAUDIT("DisablePostgresDBPgAudit", false);

  private final String displayName;
  private final boolean perDatabase;
  private final boolean spreadsOverSessions;

  PhaseName(String displayName, boolean perDatabase) {
    this(displayName, perDatabase, false);
  }

  PhaseName(String displayName, boolean perDatabase, boolean spreadsOverSessions) {
    this.displayName = displayName;
    this.perDatabase = perDatabase;
    this.spreadsOverSessions = spreadsOverSessions;
  }

  /** Neon's name for the phase; what listeners and failpoints see. */
  public String displayName() {
    return displayName;
  }

  public boolean perDatabase() {
    return perDatabase;
  }

  /**
   * Whether commands on different objects of this main-database phase are independent, so that
   * the phase may be sent over several sessions at once. True only where each object's commands
   * touch that object alone: creating or altering one database never depends on another (renames
   * and deletes do, in delta-operation order, and stay on one session).
   */
  public boolean spreadsOverSessions() {
    return spreadsOverSessions;
  }
}
