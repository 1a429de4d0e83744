package dev.computectl.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.computectl.spec.internal.Checks;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one translation of Jackson's exceptions into {@link SpecParseException}s in our own words:
 * a mapping error names the JSON path and what was expected and found ({@code expected a string,
 * got the number 123}), a syntax error the line and column and what was found there. Jackson's
 * texts (class names, {@code CoercionConfig} hints, source excerpts) never reach a user; a kind
 * not recognised here falls back to the first line of Jackson's message, without the source.
 */
final class JsonErrors {

  private static final Pattern UNEXPECTED_CHAR =
      Pattern.compile("Unexpected character \\((.+) \\(code \\d+\\)\\)(?:: (.*))?");
  private static final Pattern UNRECOGNIZED_TOKEN =
      Pattern.compile("Unrecognized token '(.*?)': was expecting.*");
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");
  private static final Pattern MISSING_CREATOR =
      Pattern.compile("Missing required creator property '([^']*)'.*");
  private static final Pattern OUT_OF_RANGE =
      Pattern.compile("Numeric value \\((.*)\\) out of range of (\\w+).*");

  private JsonErrors() {}

  /** {@code e}, raised while reading a document, as a user reads it. */
  static SpecParseException translate(JsonProcessingException e) {
    if (e instanceof JsonMappingException m) {
      // A parser failure inside a creator's arguments arrives wrapped: it is still one.
      if (m.getCause() instanceof StreamReadException s) {
        return stream(s);
      }
      return mapping(m);
    }
    if (e instanceof StreamReadException s) {
      return stream(s);
    }
    return new SpecParseException("", firstLine(e.getOriginalMessage()), e);
  }

  /** A creator or deserializer failed outside Jackson's wrapping: still a bad document. */
  static SpecParseException unwrapped(RuntimeException e) {
    return new SpecParseException("", describe(e), e);
  }

  private static SpecParseException mapping(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    appendPath(path, e.getPath());
    Checks.FieldException field = findFieldException(e);
    if (field != null) {
      appendField(path, field.field());
      return new SpecParseException(path.toString(), firstLine(field.problem()), e);
    }
    String problem;
    if (e instanceof InvalidNullException) {
      problem = "must not be null";
    } else if (e instanceof InvalidFormatException f) {
      problem = invalidFormat(f);
    } else if (e instanceof MismatchedInputException m) {
      Matcher missing = MISSING_CREATOR.matcher(String.valueOf(m.getOriginalMessage()));
      if (missing.matches()) {
        // Jackson's path already ends with the missing property.
        problem = "is required but missing";
      } else if (String.valueOf(m.getOriginalMessage()).startsWith("Trailing token")) {
        return new SpecParseException("", "more content (" + JsonShapes.found(m)
            + ") after the end of the document" + at(m.getLocation()), e);
      } else {
        problem = "expected " + JsonShapes.expected(m.getTargetType()) + ", got "
            + JsonShapes.found(m);
      }
    } else if (e.getCause() != null && !(e.getCause() instanceof IOException)) {
      problem = describe(e.getCause());
    } else {
      problem = firstLine(e.getOriginalMessage());
    }
    return new SpecParseException(path.toString(), problem, e);
  }

  private static String invalidFormat(InvalidFormatException e) {
    Class<?> target = e.getTargetType();
    Object value = e.getValue();
    if (target != null && target.isEnum() && value instanceof String s) {
      return "unknown value " + SpecValidator.shown(s) + "; expected "
          + JsonShapes.expected(target);
    }
    return "expected " + JsonShapes.expected(target) + ", got " + JsonShapes.foundValue(value);
  }

  private static SpecParseException stream(StreamReadException e) {
    String original = firstLine(e.getOriginalMessage());
    String path = pathOf(e.getProcessor());
    String where = at(e.getLocation());
    Matcher duplicate = DUPLICATE.matcher(original);
    if (duplicate.matches()) {
      return new SpecParseException(path, "the key " + SpecValidator.shown(duplicate.group(1))
          + " appears twice in one object" + where, e);
    }
    if (e instanceof InputCoercionException) {
      Matcher range = OUT_OF_RANGE.matcher(original);
      if (range.matches()) {
        return new SpecParseException(path, "the number " + range.group(1) + " is out of range ("
            + rangeOf(range.group(2)) + ")", e);
      }
    }
    String problem;
    if (e instanceof JsonEOFException) {
      problem = "unexpected end of input" + where + ": " + unclosed(e.getProcessor());
    } else if (e instanceof JsonParseException) {
      problem = "invalid JSON" + where + ": " + syntax(original);
    } else {
      problem = "invalid JSON" + where + ": " + withoutSource(original);
    }
    // The path is where the parser stood: the unclosed value, or the field before the error.
    return new SpecParseException(path, problem, e);
  }

  /** Jackson's syntax messages, reworded; the found character or token is kept. */
  private static String syntax(String original) {
    Matcher c = UNEXPECTED_CHAR.matcher(original);
    if (c.matches()) {
      String expecting = c.group(2) == null ? "" : expecting(c.group(2));
      return "unexpected character " + c.group(1) + (expecting.isEmpty() ? "" : ", " + expecting);
    }
    Matcher t = UNRECOGNIZED_TOKEN.matcher(original);
    if (t.matches()) {
      return "unexpected token " + SpecValidator.shown(t.group(1))
          + ", expected a string, number, object, array, true, false or null";
    }
    if (original.startsWith("Illegal unquoted character")) {
      return "a control character inside a string (write it escaped, like \\n)";
    }
    return withoutSource(original);
  }

  private static String expecting(String jackson) {
    if (jackson.contains("double-quote to start field name")) {
      return "expected a field name in double quotes";
    }
    if (jackson.contains("comma to separate Object entries")) {
      return "expected ',' or '}'";
    }
    if (jackson.contains("comma to separate Array entries")) {
      return "expected ',' or ']'";
    }
    if (jackson.contains("colon to separate field name and value")) {
      return "expected ':'";
    }
    if (jackson.startsWith("expected a valid value") || jackson.startsWith("expected a value")) {
      return "expected a value";
    }
    return "";
  }

  private static String unclosed(Object processor) {
    if (processor instanceof JsonParser p) {
      JsonStreamContext ctx = p.getParsingContext();
      if (p.currentToken() == null && ctx != null && ctx.inRoot()) {
        return "the document ends inside a value";
      }
      if (ctx != null && ctx.inObject()) {
        return "an object is not closed with '}'";
      }
      if (ctx != null && ctx.inArray()) {
        return "an array is not closed with ']'";
      }
    }
    return "the document ends inside a value";
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String rangeOf(String javaType) {
    return switch (javaType.toLowerCase(Locale.ROOT)) {
      case "int", "java.lang.integer", "integer" -> "a 32-bit integer";
      case "long", "java.lang.long" -> "a 64-bit integer";
      default -> javaType;
    };
  }

  private static Checks.FieldException findFieldException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Checks.FieldException f) {
        return f;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static void appendPath(StringBuilder path, List<JsonMappingException.Reference> refs) {
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        appendField(path, ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
  }

  private static void appendField(StringBuilder path, String name) {
    if (path.length() > 0) {
      path.append('.');
    }
    path.append(name);
  }

  /** The path of the parser's current position, for syntax errors, duplicate keys, warnings. */
  static String pathOf(Object processor) {
    if (!(processor instanceof JsonParser parser)) {
      return "";
    }
    ArrayDeque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext ctx = parser.getParsingContext(); ctx != null; ctx = ctx.getParent()) {
      if (ctx.inObject() && ctx.getCurrentName() != null) {
        parts.addFirst("." + ctx.getCurrentName());
      } else if (ctx.inArray() && ctx.getCurrentIndex() >= 0) {
        parts.addFirst("[" + ctx.getCurrentIndex() + "]");
      }
    }
    String joined = String.join("", parts);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    if (t instanceof NullPointerException) {
      return "a required value is null" + (message == null ? "" : " (" + message + ")");
    }
    return message == null ? t.getClass().getSimpleName() : firstLine(message);
  }

  /** Jackson appends " at [Source: ...]" and source excerpts; a user needs neither. */
  private static String withoutSource(String s) {
    int source = s.indexOf(" at [Source");
    return source < 0 ? s : s.substring(0, source);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid value";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
