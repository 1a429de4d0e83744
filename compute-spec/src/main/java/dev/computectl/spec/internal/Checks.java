package dev.computectl.spec.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Argument checks shared by the records' constructors. They throw {@link
 * IllegalArgumentException} with a message naming the field; {@link dev.computectl.spec.SpecJson}
 * adds the JSON path. Public only because the records of both {@code dev.computectl.spec} and
 * {@code dev.computectl.spec.api} use it; internal, not meant for other modules.
 */
public final class Checks {

  private Checks() {}

  /** An immutable copy, or null for null; a null element is an error. */
  public static <T> List<T> listOrNull(List<T> list, String field) {
    if (list == null) {
      return null;
    }
    for (T element : list) {
      if (element == null) {
        throw new FieldException(field, "must not contain null");
      }
    }
    return List.copyOf(list);
  }

  /** An immutable copy, empty for null; a null element is an error. */
  public static <T> List<T> listOrEmpty(List<T> list, String field) {
    return list == null ? List.of() : listOrNull(list, field);
  }

  /** An immutable copy keeping order, or null for null; a null value is an error. */
  public static <V> Map<String, V> mapOrNull(Map<String, V> map, String field) {
    if (map == null) {
      return null;
    }
    for (Map.Entry<String, V> e : map.entrySet()) {
      if (e.getValue() == null) {
        throw new FieldException(field, "must not hold a null value (key " + e.getKey() + ")");
      }
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  public static <T> T required(T value, String field) {
    if (value == null) {
      throw new FieldException(field, "must not be null");
    }
    return value;
  }

  public static void unsigned(Long value, String field) {
    if (value != null && value < 0) {
      throw new FieldException(field, "must not be negative, got " + value);
    }
  }

  public static void unsigned32(Long value, String field) {
    unsigned(value, field);
    if (value != null && value > 0xFFFFFFFFL) {
      throw new FieldException(field, "must fit in 32 bits, got " + value);
    }
  }

  /** A bad value of one named field; {@link SpecJson} appends the field to the JSON path. */
  public static final class FieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String problem;

    public FieldException(String field, String problem) {
      super(field + " " + problem);
      this.field = field;
      this.problem = problem;
    }

    /** What is wrong, without the field's name (the JSON path names it). */
    public String problem() {
      return problem;
    }

    public String field() {
      return field;
    }
  }

  public static List<String> unionInOrder(List<List<String>> lists) {
    List<String> out = new ArrayList<>();
    for (List<String> l : lists) {
      for (String s : l) {
        if (!out.contains(s)) {
          out.add(s);
        }
      }
    }
    return List.copyOf(out);
  }
}
