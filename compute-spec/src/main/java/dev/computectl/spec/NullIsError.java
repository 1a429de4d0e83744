package dev.computectl.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.util.ClassUtil;
import java.io.IOException;

/**
 * For a field that has a default: absent means "use the default", but an explicit JSON null is a
 * type error, as in Neon. Jackson's own {@code Nulls.FAIL} also rejects an absent creator property,
 * so this wrapper delegates to the real deserializer and only overrides the two null hooks.
 */
final class NullIsError extends JsonDeserializer<Object> implements ContextualDeserializer {

  private final JsonDeserializer<Object> delegate;
  private final JavaType type;
  private final String name;

  public NullIsError() {
    this(null, null, null);
  }

  private NullIsError(JsonDeserializer<Object> delegate, JavaType type, String name) {
    this.delegate = delegate;
    this.type = type;
    this.name = name;
  }

  @Override
  public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
      throws JsonMappingException {
    JavaType propertyType = property.getType();
    return new NullIsError(
        ctxt.findContextualValueDeserializer(propertyType, property), propertyType, property.getName());
  }

  @Override
  public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    return delegate.deserialize(p, ctxt);
  }

  @Override
  public Object getNullValue(DeserializationContext ctxt) throws JsonMappingException {
    throw InvalidNullException.from(ctxt, com.fasterxml.jackson.databind.PropertyName.construct(name), type);
  }

  @Override
  public Object getAbsentValue(DeserializationContext ctxt) {
    // A primitive component gets its Java default; the record's constructor maps null to the
    // field's default for reference types.
    return type != null && type.isPrimitive() ? ClassUtil.defaultValue(type.getRawClass()) : null;
  }
}
