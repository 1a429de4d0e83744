package dev.computectl.testkit.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Status, headers (lower-case names) and body of one answer, for tests of the HTTP surface. */
public record RawResponse(int statusCode, Map<String, List<String>> headers, String body) {

  public RawResponse {
    headers = Map.copyOf(headers);
  }

  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
