package dev.computectl.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Locale;

/**
 * How the compute runs. JSON: {@code "Primary"}, {@code "Replica"} or {@code {"Static": "X/Y"}}
 * (Neon's externally tagged form); the unit variants also in map form, {@code {"Primary": null}}.
 */
@JsonSerialize(using = ComputeModeSerializer.class)
@JsonDeserialize(using = ComputeModeDeserializer.class)
public sealed interface ComputeMode permits ComputeMode.Primary, ComputeMode.Replica, ComputeMode.Static {

  Primary PRIMARY = new Primary();
  Replica REPLICA = new Replica();

  /** The lower-case name used for {@code neon.compute_mode}. */
  String settingName();

  record Primary() implements ComputeMode {
    @Override
    public String settingName() {
      return "primary";
    }
  }

  record Replica() implements ComputeMode {
    @Override
    public String settingName() {
      return "replica";
    }
  }

  /** A read-only compute pinned at one LSN. */
  record Static(Lsn lsn) implements ComputeMode {
    public Static {
      java.util.Objects.requireNonNull(lsn, "lsn");
    }

    @Override
    public String settingName() {
      return "static";
    }
  }

  default boolean isPrimary() {
    return this instanceof Primary;
  }

  static String typeName(ComputeMode mode) {
    String s = mode.settingName();
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
