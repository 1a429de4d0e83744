package dev.computectl.http;

import dev.computectl.core.ComputeLogContext;
import io.javalin.http.Context;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request an {@code x-request-id} (the caller's, or a fresh UUID), echoes it, and logs
 * one line per request once the answer is written. While a request is handled its thread's MDC
 * holds {@code compute_id} and {@code request_id}, so every line logged for it (here, in the
 * compute, in a JSON log) names both; the Jetty thread's MDC is cleared when it leaves the
 * request ({@link #install}), and {@link BlockingCalls} carries it to its own threads.
 */
final class RequestTracing {

  static final String HEADER = "x-request-id";
  /** The MDC key of the request id. */
  static final String REQUEST_ID = "request_id";
  private static final String ATTRIBUTE = "computectl.request-id";
  private static final int MAX_ID_LENGTH = 200;
  private static final Logger log = LoggerFactory.getLogger("dev.computectl.http.requests");

  private final String serverName;
  private final String computeId;

  RequestTracing(String serverName, String computeId) {
    this.serverName = serverName;
    this.computeId = computeId;
  }

  void assignId(Context ctx) {
    String id = acceptableId(ctx.header(HEADER));
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
    MDC.put(ComputeLogContext.COMPUTE_ID, computeId);
    MDC.put(REQUEST_ID, id);
  }

  /**
   * Clears the request's MDC entries when Jetty's thread is done with it (after the answer of a
   * synchronous route, or once an asynchronous one has been handed to another thread), so the
   * pooled thread carries no stale request id into its next work.
   */
  void install(ServletContextHandler context) {
    Filter clearing = new Filter() {
      @Override
      public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
          throws IOException, ServletException {
        try {
          chain.doFilter(request, response);
        } finally {
          MDC.remove(REQUEST_ID);
          MDC.remove(ComputeLogContext.COMPUTE_ID);
        }
      }
    };
    context.addFilter(new FilterHolder(clearing), "/*",
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
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
