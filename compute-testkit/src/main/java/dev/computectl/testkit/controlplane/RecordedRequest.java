package dev.computectl.testkit.controlplane;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request the fake control plane received. Header names are lower case.
 *
 * @param computeId the id from the path, or null when the path is not the spec route
 */
public record RecordedRequest(
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    Instant receivedAt,
    String computeId) {

  public RecordedRequest {
    headers = Map.copyOf(headers);
  }

  /** The first value of a header (name in any case). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The {@code Authorization} header, e.g. {@code Bearer <token>}. */
  public Optional<String> authorization() {
    return header("authorization");
  }
}
