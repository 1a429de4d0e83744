package dev.computectl.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.computectl.core.ComputeException;
import dev.computectl.spec.SpecProblem;
import dev.computectl.spec.api.ErrorResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into {@code {"error": "..."}} with one status code, in one place. */
final class ErrorAnswers {

  private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

  private ErrorAnswers() {}

  static void install(RoutesConfig routes, long maxRequestBytes) {
    routes.exception(HttpError.class, (e, ctx) -> write(ctx, e.status(), e.getMessage()));
    routes.exception(ComputeException.class, (e, ctx) -> write(ctx, statusOf(e), messageOf(e)));
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> write(ctx, e.getStatus(), frameworkMessage(e, ctx, maxRequestBytes)));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("{} {} failed unexpectedly", ctx.method(), ctx.path(), e);
          write(ctx, 500, "internal error: " + e.getClass().getSimpleName());
        });
  }

  static int statusOf(ComputeException e) {
    if (e instanceof ComputeException.InvalidSpec
        || e instanceof ComputeException.InvalidRequest) {
      return 400;
    } else if (e instanceof ComputeException.InvalidState) {
      return 412;
    } else if (e instanceof ComputeException.NotFound) {
      return 404;
    }
    // RefreshRejected (500 as the reference), ConfigurationFailed, OperationFailed.
    return 500;
  }

  /** Spec problems are rendered here, each with its JSON path, in the order they were found. */
  static String messageOf(ComputeException e) {
    if (e instanceof ComputeException.InvalidSpec invalid) {
      return "invalid spec: " + invalid.problems().stream()
          .map(SpecProblem::toString).collect(Collectors.joining("; "));
    }
    return e.getMessage();
  }

  static void write(Context ctx, int status, String message) {
    ctx.status(status).json(new ErrorResponse(message));
  }

  /**
   * Jetty's own error answers (a request line or headers too large, 414 and 431, rejected before
   * any route runs; errors outside Javalin) as the same {@code {"error": ...}} JSON as every
   * other error, instead of Jetty's HTML page.
   */
  static void installJetty(Server server) {
    server.setErrorHandler(new JsonErrorHandler());
  }

  static String jettyMessage(int status, String reason) {
    return switch (status) {
      case 414 -> "request URI is too long";
      case 431 -> "request header fields are too large";
      default -> {
        String text = reason != null && !reason.isBlank() ? reason : HttpStatus.getMessage(status);
        yield text.toLowerCase(Locale.ROOT);
      }
    };
  }

  static byte[] errorJson(String message) {
    try {
      return Json.mapper().writeValueAsBytes(new ErrorResponse(message));
    } catch (JsonProcessingException e) {
      return "{\"error\":\"request failed\"}".getBytes(StandardCharsets.UTF_8);
    }
  }

  private static final class JsonErrorHandler extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, "application/json");
      return ByteBuffer.wrap(errorJson(jettyMessage(status, reason)));
    }

    @Override
    protected void generateResponse(org.eclipse.jetty.server.Request request, Response response,
        int code, String message, Throwable cause, Callback callback) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(errorJson(jettyMessage(code, message))), callback);
    }
  }

  private static String frameworkMessage(HttpResponseException e, Context ctx, long maxBytes) {
    switch (e.getStatus()) {
      case 404:
        return "no route for " + ctx.method() + " " + ctx.path();
      case 405:
        return "method " + ctx.method() + " is not allowed on " + ctx.path();
      case 413:
        return "request body is larger than " + maxBytes + " bytes";
      default:
        return e.getMessage() == null ? "request failed" : e.getMessage().toLowerCase();
    }
  }
}
