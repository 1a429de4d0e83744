package dev.computectl.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * Reads Neon's externally tagged mode: {@code "Primary"}, {@code "Replica"}, {@code {"Static":
 * "X/Y"}}, and the map form of the unit variants ({@code {"Primary": null}}).
 */
final class ComputeModeDeserializer extends StdDeserializer<ComputeMode> {

  public ComputeModeDeserializer() {
    super(ComputeMode.class);
  }

  @Override
  public ComputeMode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return unit(p.getText(), p, ctxt);
    }
    if (p.currentToken() != JsonToken.START_OBJECT) {
      return (ComputeMode)
          ctxt.handleUnexpectedToken(
              ComputeMode.class, p.currentToken(), p, "mode must be a string or an object");
    }
    String tag = p.nextFieldName();
    if (tag == null) {
      return (ComputeMode) ctxt.reportInputMismatch(this, "mode object must have exactly one key");
    }
    JsonToken value = p.nextToken();
    ComputeMode mode;
    if ("Static".equals(tag)) {
      if (value != JsonToken.VALUE_STRING) {
        return (ComputeMode) ctxt.reportInputMismatch(this, "Static mode needs an LSN string");
      }
      try {
        mode = new ComputeMode.Static(Lsn.parse(p.getText()));
      } catch (IllegalArgumentException e) {
        return (ComputeMode) ctxt.reportInputMismatch(this, e.getMessage());
      }
    } else {
      if (value != JsonToken.VALUE_NULL) {
        return (ComputeMode)
            ctxt.reportInputMismatch(this, "mode '%s' takes no value (expected null)", tag);
      }
      mode = unit(tag, p, ctxt);
    }
    if (p.nextToken() != JsonToken.END_OBJECT) {
      return (ComputeMode) ctxt.reportInputMismatch(this, "mode object must have exactly one key");
    }
    return mode;
  }

  private ComputeMode unit(String tag, JsonParser p, DeserializationContext ctxt)
      throws IOException {
    switch (tag) {
      case "Primary":
        return ComputeMode.PRIMARY;
      case "Replica":
        return ComputeMode.REPLICA;
      case "Static":
        return (ComputeMode) ctxt.reportInputMismatch(this, "Static mode needs an LSN");
      default:
        return (ComputeMode)
            ctxt.reportInputMismatch(
                this, "unknown mode '%s': expected Primary, Replica or Static", tag);
    }
  }
}
