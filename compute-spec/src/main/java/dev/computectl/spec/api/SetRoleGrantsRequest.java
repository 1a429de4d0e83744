package dev.computectl.spec.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.internal.Checks;
import java.util.List;

/** Body of {@code POST /grants}; the 201 answer echoes it. */
public record SetRoleGrantsRequest(
    @JsonProperty(value = "database", required = true) String database,
    @JsonProperty(value = "schema", required = true) String schema,
    @JsonProperty(value = "privileges", required = true) List<Privilege> privileges,
    @JsonProperty(value = "role", required = true) String role) {
  @JsonCreator
  public SetRoleGrantsRequest {
    Checks.required(database, "database");
    Checks.required(schema, "schema");
    privileges = Checks.listOrNull(Checks.required(privileges, "privileges"), "privileges");
    Checks.required(role, "role");
  }
}
