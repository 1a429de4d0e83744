package dev.computectl.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the fields a document carries that the model does not know, with their JSON paths,
 * and skips them (Neon's parser ignores unknown fields, so they are warnings, never errors). One
 * instance per read: it holds the findings of that read only.
 */
final class UnknownFields extends DeserializationProblemHandler {

  private final List<SpecProblem> found = new ArrayList<>();

  @Override
  public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
      JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName)
      throws IOException {
    found.add(new SpecProblem(pathOf(ctxt, p, propertyName), "unknown field, ignored"));
    p.skipChildren();
    return true;
  }

  /**
   * A record is built from all its fields at once, so Jackson buffers an unknown field and
   * replays it from a buffer whose context is not the document's; the document's parser then
   * stands just past the record's end, in the record's parent.
   */
  private static String pathOf(DeserializationContext ctxt, JsonParser p, String name) {
    JsonParser document = ctxt.getParser();
    if (document == null || document == p) {
      return JsonErrors.pathOf(p);
    }
    String parent = JsonErrors.pathOf(document);
    return parent.isEmpty() ? name : parent + "." + name;
  }

  List<SpecProblem> found() {
    return List.copyOf(found);
  }
}
