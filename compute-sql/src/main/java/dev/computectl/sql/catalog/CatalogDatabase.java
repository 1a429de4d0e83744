package dev.computectl.sql.catalog;

import java.util.Objects;

/**
 * A database as the catalog holds it.
 *
 * @param owner the owner's role name, unquoted
 * @param restrictConn {@code NOT datallowconn}
 * @param invalid {@code datconnlimit = -2}: left behind by an interrupted DROP DATABASE
 */
public record CatalogDatabase(String name, String owner, boolean restrictConn, boolean invalid) {

  public CatalogDatabase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
  }

  public boolean accessible() {
    return !restrictConn && !invalid;
  }
}
