package dev.computectl.sql.migration;

/**
 * Called inside a migration's transaction just before its counter update. Throwing makes that
 * migration fail and roll back (the {@code compute-migration} failpoint uses this).
 */
@FunctionalInterface
public interface MigrationHook {

  MigrationHook NONE = number -> {};

  void beforeCounterUpdate(int migrationNumber) throws Exception;
}
