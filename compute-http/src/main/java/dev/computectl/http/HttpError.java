package dev.computectl.http;

/** A request the HTTP layer itself rejects; written as {@code {"error": message}}. */
final class HttpError extends RuntimeException {

  private final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }
}
