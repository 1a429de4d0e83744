package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.internal.Checks;
import java.util.List;

/**
 * A wanted database. {@code restrict_conn} and {@code invalid} are never read from a spec (Neon
 * ignores them on input); they are filled from the catalog and written in responses.
 */
@JsonIgnoreProperties(value = {"restrict_conn", "invalid"}, allowGetters = true)
public record Database(
    @JsonProperty(value = "name", required = true) String name,
    @JsonProperty(value = "owner", required = true) String owner,
    @JsonProperty("options") List<GenericOption> options,
    @JsonProperty("restrict_conn") boolean restrictConn,
    @JsonProperty("invalid") boolean invalid) {

  @JsonCreator
  public Database(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "owner", required = true) String owner,
      @JsonProperty("options") List<GenericOption> options) {
    this(name, owner, options, false, false);
  }

  public Database {
    Checks.required(name, "name");
    Checks.required(owner, "owner");
    options = Checks.listOrNull(options, "options");
  }

  public Database(String name, String owner) {
    this(name, owner, null);
  }
}
