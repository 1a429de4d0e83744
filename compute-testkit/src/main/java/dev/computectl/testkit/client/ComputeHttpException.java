package dev.computectl.testkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.computectl.spec.SpecJson;

/**
 * A compute answered with a status the route does not treat as success. Unchecked, so a test can
 * write {@code assertThatThrownBy(...).isInstanceOf(ComputeHttpException.class)} without ceremony.
 */
public final class ComputeHttpException extends RuntimeException {

  private final int statusCode;
  private final String body;

  public ComputeHttpException(String method, String path, int statusCode, String body) {
    super(method + " " + path + " answered " + statusCode + (body.isEmpty() ? "" : ": " + body));
    this.statusCode = statusCode;
    this.body = body;
  }

  public int statusCode() {
    return statusCode;
  }

  /** The raw body, possibly empty. */
  public String body() {
    return body;
  }

  /** The {@code error} field of a JSON error body, else the raw body. */
  public String error() {
    try {
      JsonNode node = SpecJson.mapper().readTree(body);
      if (node != null && node.path("error").isTextual()) {
        return node.get("error").asText();
      }
    } catch (Exception notJson) {
      // a plain-text or empty body: fall through
    }
    return body;
  }
}
