package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.ControlPlaneConfigResponse;
import dev.computectl.spec.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The one configured reader and writer of compute-spec JSON. Thread-safe; holds only immutable
 * configuration. Every read failure becomes a {@link SpecParseException} with the JSON path of the
 * bad value, never a raw Jackson or runtime exception.
 */
public final class SpecJson {

  private static final ObjectMapper MAPPER = build();

  private SpecJson() {}

  /**
   * The configured mapper, e.g. for an HTTP framework. Shared: never reconfigure it; call {@code
   * mapper().copy()} for a variant.
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ComputeSpec readSpec(String json) throws SpecParseException {
    return read(json, ComputeSpec.class);
  }

  public static ComputeConfig readConfig(String json) throws SpecParseException {
    return read(json, ComputeConfig.class);
  }

  public static ConfigurationRequest readConfigurationRequest(String json)
      throws SpecParseException {
    return read(json, ConfigurationRequest.class);
  }

  public static ControlPlaneConfigResponse readControlPlaneResponse(String json)
      throws SpecParseException {
    return read(json, ControlPlaneConfigResponse.class);
  }

  public static <T> T read(String json, Class<T> type) throws SpecParseException {
    if (json == null || json.isBlank()) {
      throw new SpecParseException("", "empty document", null);
    }
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw new SpecParseException("", "document is null", null);
      }
      return value;
    } catch (JsonMappingException e) {
      throw fromMapping(e);
    } catch (StreamReadException e) {
      throw new SpecParseException(pathOf(e.getProcessor()), e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new SpecParseException("", e.getOriginalMessage(), e);
    } catch (RuntimeException e) {
      // A creator or deserializer failed outside Jackson's wrapping: still a bad document.
      throw new SpecParseException("", describe(e), e);
    }
  }

  /** Compact JSON of any model object (nulls omitted except where a type keeps them). */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * The spec with its setting {@code name} given {@code value} (replaced where it is, else
   * added), or removed when {@code value} is null. Done on the JSON form, so every other field
   * survives exactly as the model reads and writes it.
   *
   * @throws SpecParseException when the result is not a valid spec (e.g. a bad value)
   */
  public static ComputeSpec withSetting(ComputeSpec spec, String name, String value,
      String vartype) throws SpecParseException {
    com.fasterxml.jackson.databind.node.ObjectNode tree = MAPPER.valueToTree(spec);
    com.fasterxml.jackson.databind.node.ObjectNode cluster =
        (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("cluster");
    com.fasterxml.jackson.databind.JsonNode existing = cluster.get("settings");
    com.fasterxml.jackson.databind.node.ArrayNode settings =
        existing instanceof com.fasterxml.jackson.databind.node.ArrayNode a ? a
            : cluster.putArray("settings");
    boolean found = false;
    for (int i = settings.size() - 1; i >= 0; i--) {
      if (name.equals(settings.get(i).path("name").asText())) {
        found = true;
        if (value == null) {
          settings.remove(i);
        } else {
          ((com.fasterxml.jackson.databind.node.ObjectNode) settings.get(i))
              .put("value", value).put("vartype", vartype);
        }
      }
    }
    if (!found && value != null) {
      settings.addObject().put("name", name).put("value", value).put("vartype", vartype);
    }
    return readSpec(write(tree));
  }

  private static SpecParseException fromMapping(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    appendPath(path, e.getPath());
    Throwable cause = e.getCause();
    Checks.FieldException field = findFieldException(e);
    String problem;
    if (field != null) {
      appendField(path, field.field());
      problem = field.getMessage();
    } else if (cause != null && !(cause instanceof IOException)) {
      problem = describe(cause);
    } else {
      problem = e.getOriginalMessage();
    }
    return new SpecParseException(path.toString(), firstLine(problem), e);
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

  /** The path of the parser's current position, for syntax errors and duplicate keys. */
  private static String pathOf(Object processor) {
    if (!(processor instanceof JsonParser parser)) {
      return "";
    }
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
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
    return message == null ? t.getClass().getSimpleName() : message;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid value";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static ObjectMapper build() {
    SimpleModule timestamps = new SimpleModule("compute-spec-timestamps");
    timestamps.addSerializer(Instant.class, new UtcMillisInstantSerializer());
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new JavaTimeModule())
            .addModule(timestamps)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    // No conversion between strings, numbers and booleans in either direction (Neon's rule).
    for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
      mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    mapper.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    for (CoercionInputShape shape :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    return mapper;
  }
}
