package dev.computectl.http;

/**
 * A server could not start, usually because its port is taken. The launcher turns this into exit
 * code 1 (defect D16 fixed: the reference runs on without the server).
 */
public final class HttpStartException extends RuntimeException {

  HttpStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
