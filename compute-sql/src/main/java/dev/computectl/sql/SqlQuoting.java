package dev.computectl.sql;

import dev.computectl.spec.GenericOption;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The one place that turns names and values into SQL text. Every role, database, schema and
 * extension name goes through {@link #ident}; every string value through {@link #literal}. Nothing
 * else in the project may build SQL by concatenating a name.
 */
public final class SqlQuoting {

  private SqlQuoting() {}

  /** A quoted identifier: always wrapped in double quotes, inner double quotes doubled. */
  public static String ident(String name) {
    Objects.requireNonNull(name, "identifier");
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("identifier contains a NUL character");
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /**
   * A string literal that means the same whatever {@code standard_conforming_strings} says: quotes
   * and backslashes are doubled, and an {@code E} prefix is added when a backslash is present.
   */
  public static String literal(String value) {
    Objects.requireNonNull(value, "literal");
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("literal contains a NUL character");
    }
    String escaped = value.replace("'", "''").replace("\\", "\\\\");
    return (escaped.indexOf('\\') >= 0 ? "E'" : "'") + escaped + "'";
  }

  /** A literal, or {@code NULL} for null. */
  public static String literalOrNull(String value) {
    return value == null ? "NULL" : literal(value);
  }

  /**
   * Dollar-quotes {@code text} with a tag that does not occur in it: the tag starts as {@code x}
   * and grows by one {@code x} while the text contains it. The outer tag (one {@code x} longer)
   * is safe for a block that embeds the result.
   */
  public static DollarQuoted dollar(String text) {
    Objects.requireNonNull(text, "text");
    String tag = "x";
    while (text.contains(tag)) {
      tag = tag + "x";
    }
    return new DollarQuoted("$" + tag + "$" + text + "$" + tag + "$", tag + "x");
  }

  /** The result of {@link #dollar}. */
  public record DollarQuoted(String quoted, String outerTag) {}

  /**
   * A SQL option list: {@code name}, {@code name 'value'} for string options, {@code name value}
   * otherwise. Option names and non-string values come from the control plane and are written
   * as given, as Neon does.
   */
  public static String options(List<GenericOption> options) {
    if (options == null || options.isEmpty()) {
      return "";
    }
    return options.stream().map(SqlQuoting::option).collect(Collectors.joining(" "));
  }

  static String option(GenericOption option) {
    if (option.value() == null) {
      return option.name();
    }
    return option.name() + " " + (option.isStringType() ? literal(option.value()) : option.value());
  }
}
