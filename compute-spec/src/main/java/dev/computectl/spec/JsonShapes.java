package dev.computectl.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a JSON value of a model type looks like ({@code a string}, {@code one of 'Disabled', ...})
 * and what a document held instead ({@code the number 123}), for {@link JsonErrors}' messages.
 */
final class JsonShapes {

  // What a mismatched input was: Jackson names it only in its message (the parser has moved on).
  private static final Pattern COERCE =
      Pattern.compile(
          "Cannot coerce (String|Integer|Floating-point|Boolean) value \\((.*?)\\) to .*");
  private static final Pattern FROM =
      Pattern.compile(".* from (String|Array|Object|Integer|Floating-point|Boolean|Null) value.*");
  private static final Pattern TRAILING = Pattern.compile("Trailing token \\(of type (\\w+)\\).*");

  private JsonShapes() {}

  /** What a value of {@code type} looks like in JSON. */
  static String expected(Class<?> type) {
    if (type == null) {
      return "another value";
    }
    if (type == String.class || type == Lsn.class || type == TenantId.class
        || type == TimelineId.class || type == java.time.Instant.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean (true or false)";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == Short.class || type == short.class) {
      return "an integer";
    }
    if (type == Double.class || type == double.class || type == Float.class
        || type == float.class) {
      return "a number";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants())
          .map(c -> SpecValidator.shown(enumName(c)))
          .collect(Collectors.joining(", "));
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (JsonNode.class.isAssignableFrom(type)) {
      return "a JSON value";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a value of another shape";
  }

  private static String enumName(Object constant) {
    try {
      java.lang.reflect.Field f = constant.getClass().getField(((Enum<?>) constant).name());
      com.fasterxml.jackson.annotation.JsonProperty p =
          f.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
      return p == null ? constant.toString() : p.value();
    } catch (NoSuchFieldException e) {
      return constant.toString();
    }
  }

  /** What the input was, for "got ...": from Jackson's message, else the parser's token. */
  static String found(MismatchedInputException e) {
    String message = String.valueOf(e.getOriginalMessage());
    Matcher coerce = COERCE.matcher(message);
    if (coerce.matches()) {
      String value = coerce.group(2);
      return switch (coerce.group(1)) {
        case "String" -> "the string " + SpecValidator.shown(
            value.length() >= 2 ? value.substring(1, value.length() - 1) : value);
        case "Boolean" -> "the boolean " + value;
        default -> "the number " + value;
      };
    }
    Matcher from = FROM.matcher(message);
    if (from.matches()) {
      return switch (from.group(1)) {
        case "String" -> "a string";
        case "Array" -> "an array";
        case "Object" -> "an object";
        case "Boolean" -> "a boolean";
        case "Null" -> "null";
        default -> "a number";
      };
    }
    Matcher trailing = TRAILING.matcher(message);
    if (trailing.matches()) {
      return token(JsonToken.valueOf(trailing.group(1)));
    }
    return found(e.getProcessor());
  }

  private static String token(JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT, FIELD_NAME, END_OBJECT -> "an object";
      case START_ARRAY, END_ARRAY -> "an array";
      default -> "another value";
    };
  }

  /** What the parser stands on, for "got ...". */
  static String found(Object processor) {
    if (!(processor instanceof JsonParser p)) {
      return "another value";
    }
    JsonToken token = p.currentToken();
    if (token == null) {
      return "nothing";
    }
    try {
      return switch (token) {
        case VALUE_STRING -> "the string " + SpecValidator.shown(p.getText());
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
        case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
        case VALUE_NULL -> "null";
        case START_OBJECT, FIELD_NAME, END_OBJECT -> "an object";
        case START_ARRAY, END_ARRAY -> "an array";
        default -> "another value";
      };
    } catch (IOException e) {
      return "another value";
    }
  }

  static String foundValue(Object value) {
    if (value instanceof String s) {
      return "the string " + SpecValidator.shown(s);
    }
    if (value instanceof Number n) {
      return "the number " + n;
    }
    if (value instanceof Boolean b) {
      return "the boolean " + b;
    }
    return value == null ? "null" : "another value";
  }
}
