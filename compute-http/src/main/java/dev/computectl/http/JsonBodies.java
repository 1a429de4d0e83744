package dev.computectl.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads JSON request bodies with the same error answers on every route: 415 without a JSON content
 * type, 413 over the size limit, 400 for bytes that are not JSON, 422 for JSON of the wrong shape
 * (naming the JSON path).
 */
final class JsonBodies {

  private final ObjectMapper mapper;
  private final long maxBytes;

  JsonBodies(ObjectMapper mapper, long maxBytes) {
    this.mapper = mapper;
    this.maxBytes = maxBytes;
  }

  <T> T read(Context ctx, Class<T> type) {
    return read(ctx, mapper.constructType(type));
  }

  <T> T read(Context ctx, TypeReference<T> type) {
    return read(ctx, mapper.constructType(type));
  }

  /** The body as text after the content-type and size checks, for readers of their own. */
  String readText(Context ctx) {
    return new String(readBytes(ctx), StandardCharsets.UTF_8);
  }

  private byte[] readBytes(Context ctx) {
    requireJsonContentType(ctx.contentType());
    if (ctx.req().getContentLengthLong() > maxBytes) {
      throw tooLarge();
    }
    byte[] body = ctx.bodyAsBytes(); // Javalin enforces the limit again while reading chunked bodies
    if (body.length == 0) {
      throw HttpError.badRequest("request body is empty: expected JSON");
    }
    return body;
  }

  private <T> T read(Context ctx, JavaType type) {
    byte[] body = readBytes(ctx);
    try {
      return mapper.readValue(body, type);
    } catch (StreamReadException e) {
      throw HttpError.badRequest("malformed JSON: " + e.getOriginalMessage());
    } catch (JsonMappingException e) {
      throw new HttpError(422, shapeMessage(e));
    } catch (JsonProcessingException e) {
      throw HttpError.badRequest("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw HttpError.badRequest("could not read request body: " + e.getMessage());
    }
  }

  HttpError tooLarge() {
    return new HttpError(413, "request body is larger than " + maxBytes + " bytes");
  }

  static void requireJsonContentType(String contentType) {
    String base = contentType == null ? "" : contentType.split(";", 2)[0].strip();
    if (!base.toLowerCase(Locale.ROOT).equals("application/json")) {
      throw new HttpError(415, "expected Content-Type: application/json");
    }
  }

  /** "invalid request body at $.spec.cluster.roles[0].name: <what Jackson found>". */
  static String shapeMessage(JsonMappingException e) {
    String detail = e.getOriginalMessage();
    Throwable cause = e.getCause();
    // Records validating in their constructors surface as a wrapped IllegalArgumentException.
    if (cause != null && cause.getMessage() != null && !(cause instanceof JsonProcessingException)) {
      detail = cause.getMessage();
    }
    return "invalid request body at " + jsonPath(e) + ": " + detail;
  }

  static String jsonPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder("$");
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
