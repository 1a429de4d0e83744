package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.internal.Checks;

/**
 * A rename or delete the spec asks for. Known actions: {@code delete_db}, {@code rename_db},
 * {@code delete_role}, {@code rename_role}; the planner ignores any other action.
 */
public record DeltaOp(
    @JsonProperty(value = "action", required = true) String action,
    @JsonProperty(value = "name", required = true) String name,
    @JsonProperty("new_name") String newName) {

  public static final String DELETE_DB = "delete_db";
  public static final String RENAME_DB = "rename_db";
  public static final String DELETE_ROLE = "delete_role";
  public static final String RENAME_ROLE = "rename_role";

  @JsonCreator
  public DeltaOp {
    Checks.required(action, "action");
    Checks.required(name, "name");
  }

  /** True for {@code rename_db} and {@code rename_role}, the actions that need {@code new_name}. */
  @JsonIgnore // not a wire field: written back it would be an unknown field
  public boolean isRename() {
    return RENAME_DB.equals(action) || RENAME_ROLE.equals(action);
  }
}
