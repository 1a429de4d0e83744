package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.Database;
import dev.computectl.spec.Role;
import dev.computectl.spec.internal.Checks;
import java.util.List;

/** Body of {@code GET /dbs_and_roles}: what the catalog holds, in spec shapes. */
public record CatalogObjects(
    @JsonProperty("roles") List<Role> roles, @JsonProperty("databases") List<Database> databases) {
  @JsonCreator
  public CatalogObjects {
    roles = Checks.listOrNull(Checks.required(roles, "roles"), "roles");
    databases = Checks.listOrNull(Checks.required(databases, "databases"), "databases");
  }
}
