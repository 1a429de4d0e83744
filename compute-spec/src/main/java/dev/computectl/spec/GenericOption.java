package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.internal.Checks;
import java.util.List;
import java.util.Optional;

/**
 * A named option with an optional value: a Postgres setting, a role option or a database option.
 * Only {@code vartype == "string"} changes how the value is rendered (it gets quoted).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GenericOption(
    @JsonProperty(value = "name", required = true) String name,
    @JsonProperty("value") String value,
    @JsonProperty(value = "vartype", required = true) String vartype) {

  @JsonCreator
  public GenericOption {
    Checks.required(name, "name");
    Checks.required(vartype, "vartype");
  }

  @JsonIgnore // not a wire field: written back it would be an unknown field
  public boolean isStringType() {
    return "string".equals(vartype);
  }

  /** Neon's lookup rule: the first option with this exact name; a null value counts as absent. */
  public static Optional<String> find(List<GenericOption> options, String name) {
    if (options == null) {
      return Optional.empty();
    }
    for (GenericOption option : options) {
      if (option.name().equals(name)) {
        return Optional.ofNullable(option.value());
      }
    }
    return Optional.empty();
  }
}
