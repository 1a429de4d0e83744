package dev.computectl.sql.catalog;

import java.util.Objects;

/**
 * A role as the catalog holds it. {@code storedPassword} is {@code pg_authid.rolpassword}: {@code
 * md5}-prefixed or a SCRAM verifier, or null. Never printed.
 */
public record CatalogRole(String name, String storedPassword) {

  public CatalogRole {
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return "CatalogRole[name=" + name + ", password=" + (storedPassword == null ? "none" : "***") + "]";
  }
}
