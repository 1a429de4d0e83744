package dev.computectl.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one place this module gets its ObjectMapper. */
final class Json {

  private Json() {}

  static ObjectMapper mapper() {
    // TODO(http): switch to dev.computectl.spec.SpecJson.mapper() once compute-spec provides it.
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }
}
