package dev.computectl.sql;

import java.util.List;

/** Role and database names that break naive SQL generation (all at most 63 bytes). */
public final class HostileNames {

  private HostileNames() {}

  public static final List<String> ALL =
      List.of(
          "plain",
          "MixedCase",
          "with space",
          "sales \"eu\"",
          "\"",
          "\"\"",
          "it's",
          "''",
          "back\\slash",
          "\\'",
          "semi;colon",
          "\"name\";\\n select 1;",
          "$$",
          "$x$",
          "$xx$ and $x$",
          "cost$",
          "%I %L %s",
          "new\nline",
          "tab\t",
          "ünïcødé-名前",
          "emoji 🐘",
          "select",
          "user",
          "-- comment",
          "/* c */",
          "a".repeat(63),
          "drop role x; --");
}
