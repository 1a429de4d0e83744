package dev.computectl.sql.migration;

import java.util.OptionalInt;

/**
 * What a migration run did.
 *
 * @param startedAt the counter before the run
 * @param reached the counter after the run
 * @param failed the number of the migration that failed, if one did
 * @param error its error message, or null
 */
public record MigrationResult(int startedAt, int reached, OptionalInt failed, String error) {

  public boolean ok() {
    return failed.isEmpty();
  }
}
