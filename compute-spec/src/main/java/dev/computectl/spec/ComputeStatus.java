package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The eleven states of a compute. JSON uses snake_case ({@code configuration_pending}); logs and
 * metrics use the kebab-case {@link #label()}. {@link #code()} is a stable number for the status
 * gauge: never renumber, only append.
 */
public enum ComputeStatus {
  EMPTY(0),
  CONFIGURATION_PENDING(1),
  INIT(2),
  RUNNING(3),
  CONFIGURATION(4),
  FAILED(5),
  TERMINATION_PENDING_FAST(6),
  TERMINATION_PENDING_IMMEDIATE(7),
  TERMINATED(8),
  REFRESH_CONFIGURATION_PENDING(9),
  REFRESH_CONFIGURATION(10);

  private final int code;

  ComputeStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String label() {
    return wireName().replace('_', '-');
  }

  @JsonCreator
  public static ComputeStatus fromWire(String value) {
    for (ComputeStatus s : values()) {
      if (s.wireName().equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown compute status '" + value + "'");
  }
}
