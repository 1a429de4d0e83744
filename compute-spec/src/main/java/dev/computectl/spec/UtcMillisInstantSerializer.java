package dev.computectl.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes every {@link Instant} as RFC 3339 in UTC with milliseconds and a {@code Z} suffix, e.g.
 * {@code 2025-04-01T08:00:00.250Z}. One format for all timestamps (Neon mixes {@code Z} and
 * {@code +00:00}; see docs/decisions.md#wire-format-fixes).
 */
final class UtcMillisInstantSerializer extends StdSerializer<Instant> {

  static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  public UtcMillisInstantSerializer() {
    super(Instant.class);
  }

  @Override
  public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    gen.writeString(FORMAT.format(value));
  }
}
