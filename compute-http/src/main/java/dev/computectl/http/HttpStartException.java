package dev.computectl.http;

/**
 * A server could not start, usually because its port is taken. The launcher turns this into exit
 * code 1, so a compute never runs without one of its servers (Neon's compute_ctl runs on without
 * it).
 */
public final class HttpStartException extends RuntimeException {

  HttpStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
