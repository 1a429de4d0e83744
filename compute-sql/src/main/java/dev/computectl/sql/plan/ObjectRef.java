package dev.computectl.sql.plan;

import java.util.Objects;

/** The object a command touches, for reports and error messages. */
public record ObjectRef(ObjectKind kind, String name) {

  public ObjectRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " \"" + name + "\"";
  }
}
