package dev.computectl.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.computectl.spec.SpecJson;

/** The one place this module gets its ObjectMapper: the project's, so the wire format is one. */
final class Json {

  private Json() {}

  static ObjectMapper mapper() {
    return SpecJson.mapper();
  }
}
