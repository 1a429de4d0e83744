package dev.computectl.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** Writes {@code "Primary"}, {@code "Replica"} or {@code {"Static": "X/Y"}}. */
final class ComputeModeSerializer extends StdSerializer<ComputeMode> {

  public ComputeModeSerializer() {
    super(ComputeMode.class);
  }

  @Override
  public void serialize(ComputeMode value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    if (value instanceof ComputeMode.Static s) {
      gen.writeStartObject();
      gen.writeStringField("Static", s.lsn().toString());
      gen.writeEndObject();
    } else {
      gen.writeString(value.isPrimary() ? "Primary" : "Replica");
    }
  }
}
