package dev.computectl.sql.migration;

import java.util.Objects;
import java.util.function.Function;

/**
 * One numbered migration. {@code sql} builds the text from the privileged role name (a parameter,
 * never substituted into a template by text replacement); a skipped migration only advances the
 * counter.
 *
 * @param number 1-based, fixed forever
 * @param description what it does, for logs
 * @param sql the statements to run, or null for a migration kept only for its number
 */
public record Migration(int number, String description, Function<String, String> sql) {

  public Migration {
    Objects.requireNonNull(description, "description");
  }

  public boolean skipped() {
    return sql == null;
  }

  /** The statements for this privileged role. */
  public String sqlFor(String privilegedRole) {
    if (sql == null) {
      throw new IllegalStateException("migration " + number + " is skipped");
    }
    return sql.apply(privilegedRole);
  }
}
