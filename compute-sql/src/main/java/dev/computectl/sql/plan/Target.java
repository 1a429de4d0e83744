package dev.computectl.sql.plan;

import java.util.Objects;

/** Where a command runs: on the main connection, or in one named database. */
public sealed interface Target permits Target.Main, Target.InDatabase {

  Target MAIN = new Main();

  static Target database(String name) {
    return new InDatabase(name);
  }

  /** The connstr's own database, on the apply's main connection. */
  record Main() implements Target {
    @Override
    public String toString() {
      return "main";
    }
  }

  /** A database by name, on that database's own connection. */
  record InDatabase(String name) implements Target {
    public InDatabase {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
      return "database \"" + name + "\"";
    }
  }
}
