package dev.computectl.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads JSON request bodies with the same error answers on every route: 415 without a JSON content
 * type, 413 over the size limit, 400 for bytes that are not UTF-8 or not JSON, 422 for JSON of the wrong shape
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

  /**
   * The body as text after the content-type and size checks, for readers of their own. Bytes that
   * are not UTF-8 are 400 naming their offset: nothing is decoded with replacement characters.
   */
  String readText(Context ctx) {
    return decodeUtf8(readBytes(ctx));
  }

  /** Strict UTF-8; 400 with the byte offset of the first malformed sequence. */
  static String decodeUtf8(byte[] body) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8L, body.length + 1L));
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw HttpError.badRequest("request body is not valid UTF-8: malformed byte sequence at"
          + " byte offset " + in.position());
    }
    return out.flip().toString();
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
    String body = decodeUtf8(readBytes(ctx));
    try {
      return SpecJson.read(body, type);
    } catch (SpecParseException e) {
      // The spec module's wording: "<json path>: <problem>", or the line and column of bad JSON.
      throw new HttpError(statusOf(body), e.getMessage());
    }
  }

  /**
   * 400 for a document that is not JSON at all (a syntax error, also one cut short), 422 for JSON
   * of the wrong shape, as Neon's extractor answers (syntax 400, data 422). Jackson reports some
   * cut-short documents as mapping problems, so the text is tokenized again here, on the error
   * path only.
   */
  int statusOf(String text) {
    try (JsonParser parser = mapper.createParser(text)) {
      while (parser.nextToken() != null) {
        // only the tokenizer's verdict matters
      }
      return 422;
    } catch (IOException e) {
      return 400;
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
}
