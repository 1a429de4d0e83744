package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
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
    return readWithWarnings(json, type).value();
  }

  /**
   * A document and what in it is accepted but ignored or doubtful: unknown fields at any level
   * (Neon's parser ignores them too) and, in the spec the document carries, options and settings
   * of an unknown {@code vartype} ({@link SpecValidator#warnings}). Warning paths are relative to
   * the document ({@code spec.cluster.foo} in a config).
   */
  public static <T> Parsed<T> readWithWarnings(String json, Class<T> type)
      throws SpecParseException {
    return parse(json, MAPPER.constructType(type));
  }

  /**
   * {@link #read(String, Class)} for a generic type (e.g. {@code List<X>}), for an HTTP framework
   * that reads bodies with this mapper: the same errors in the same words.
   */
  public static <T> T read(String json, JavaType type) throws SpecParseException {
    return SpecJson.<T>parse(json, type).value();
  }

  private static <T> Parsed<T> parse(String json, JavaType type) throws SpecParseException {
    if (json == null || json.isBlank()) {
      throw new SpecParseException("", "the document is empty", null);
    }
    UnknownFields unknown = new UnknownFields();
    T value;
    try {
      // Our own parser, so Jackson does not close it before the error is described: the
      // failing token is then still the parser's current one.
      try (JsonParser parser = MAPPER.createParser(json)) {
        value = MAPPER.readerFor(type).withHandler(unknown).readValue(parser);
      }
    } catch (JsonProcessingException e) {
      throw JsonErrors.translate(e);
    } catch (IOException e) {
      throw new SpecParseException("", "cannot read the document: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw JsonErrors.unwrapped(e);
    }
    if (value == null) {
      throw new SpecParseException("", "the document is null", null);
    }
    List<SpecProblem> warnings = new java.util.ArrayList<>(unknown.found());
    specOf(value).ifPresent(spec -> {
      String prefix = value instanceof ComputeSpec ? "" : "spec.";
      for (SpecProblem w : SpecValidator.warnings(spec)) {
        warnings.add(new SpecProblem(prefix + w.path(), w.message()));
      }
    });
    return new Parsed<>(value, warnings);
  }

  /** A document read, and its warnings (see {@link #readWithWarnings}). */
  public record Parsed<T>(T value, List<SpecProblem> warnings) {
    public Parsed {
      java.util.Objects.requireNonNull(value, "value");
      warnings = List.copyOf(warnings);
    }
  }

  private static java.util.Optional<ComputeSpec> specOf(Object value) {
    if (value instanceof ComputeSpec spec) {
      return java.util.Optional.of(spec);
    }
    if (value instanceof ComputeConfig config) {
      return java.util.Optional.ofNullable(config.spec());
    }
    if (value instanceof ConfigurationRequest request) {
      return java.util.Optional.ofNullable(request.spec());
    }
    if (value instanceof ControlPlaneConfigResponse response) {
      return java.util.Optional.ofNullable(response.spec());
    }
    return java.util.Optional.empty();
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
