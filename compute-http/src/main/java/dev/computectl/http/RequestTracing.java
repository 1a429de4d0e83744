package dev.computectl.http;

import io.javalin.http.Context;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an {@code x-request-id} (the caller's, or a fresh UUID), echoes it, and logs
 * one line per request once the answer is written.
 */
final class RequestTracing {

  static final String HEADER = "x-request-id";
  private static final String ATTRIBUTE = "computectl.request-id";
  private static final int MAX_ID_LENGTH = 200;
  private static final Logger log = LoggerFactory.getLogger("dev.computectl.http.requests");

  private final String serverName;

  RequestTracing(String serverName) {
    this.serverName = serverName;
  }

  void assignId(Context ctx) {
    String id = acceptableId(ctx.header(HEADER));
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
  }

  void logRequest(Context ctx, Float millis) {
    String id = ctx.attribute(ATTRIBUTE);
    log.info(
        "{} {} {} -> {} in {} ms, request_id={}",
        serverName,
        ctx.method(),
        ctx.path(),
        ctx.statusCode(),
        millis == null ? "?" : String.format(java.util.Locale.ROOT, "%.1f", millis),
        id);
  }

  /** Keeps a caller's id unless it could break a log line or a header; then makes a new one. */
  static String acceptableId(String given) {
    if (given == null || given.isEmpty() || given.length() > MAX_ID_LENGTH) {
      return UUID.randomUUID().toString();
    }
    for (int i = 0; i < given.length(); i++) {
      char c = given.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return UUID.randomUUID().toString();
      }
    }
    return given;
  }
}
