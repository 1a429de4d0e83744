package dev.computectl.sql.catalog;

import dev.computectl.spec.Database;
import dev.computectl.spec.GenericOption;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the planner knows of one database's own state: schema {@code public}, its owner, the
 * {@code web_access} grant on it and the admin role's default privileges there. That state lives
 * only in the database's own catalogs, so knowing it costs a session to that database. Three cases,
 * and a planner must say what it does in each ({@link #fold}):
 *
 * <ul>
 *   <li>{@link Known}: read in the database; plan exactly the statements whose effect is missing.
 *   <li>{@link Settled}: not read, because the applier established or verified that state in an
 *       earlier apply and nothing it depends on has changed since. This is not a fact about the
 *       schema: it says the work is done.
 *   <li>{@link Unknown}: not read (not worth a session, or the read failed); plan the server-checked
 *       statements, which reach the same end state whatever the database holds.
 * </ul>
 */
public sealed interface DatabaseFacts permits DatabaseFacts.Known, DatabaseFacts.Settled, DatabaseFacts.Unknown {

  /**
   * The database {@code CREATE DATABASE} copies when no template is named. A database created
   * from it starts as a byte copy of its catalogs, so its facts are the template's facts.
   */
  String TEMPLATE = "template1";

  /** Settled: see {@link Settled}. */
  static DatabaseFacts settled() {
    return new Settled();
  }

  /** Unknown: see {@link Unknown}. */
  static DatabaseFacts unknown() {
    return new Unknown();
  }

  /** Calls the function for this case and returns its result; every case must be answered. */
  <T> T fold(Function<Known, T> known, Supplier<T> settled, Supplier<T> unknown);

  /** Whether a spec database names its own template (then the template1 facts do not apply). */
  static boolean namesTemplate(Database db) {
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

  /**
   * Facts read in the database.
   *
   * @param publicSchemaExists whether schema {@code public} exists
   * @param publicSchemaOwner its owner's name, or null
   * @param webAccessCanCreate true when role {@code web_access} is absent or already has CREATE on
   *     {@code public}
   * @param defaultPrivilegesGranted whether the admin role's default privileges in {@code public}
   *     already give the privileged role everything on tables and sequences, with grant option
   */
  record Known(
      boolean publicSchemaExists,
      String publicSchemaOwner,
      boolean webAccessCanCreate,
      boolean defaultPrivilegesGranted) implements DatabaseFacts {

    @Override
    public <T> T fold(Function<Known, T> known, Supplier<T> settled, Supplier<T> unknown) {
      return known.apply(this);
    }
  }

  /** The applier's earlier apply left this database as the spec wants; see the interface. */
  record Settled() implements DatabaseFacts {
    @Override
    public <T> T fold(Function<Known, T> known, Supplier<T> settled, Supplier<T> unknown) {
      return settled.get();
    }
  }

  /** Nothing is known; see the interface. */
  record Unknown() implements DatabaseFacts {
    @Override
    public <T> T fold(Function<Known, T> known, Supplier<T> settled, Supplier<T> unknown) {
      return unknown.get();
    }
  }
}
