package dev.computectl.http;

import io.javalin.security.RouteRole;

/** Who may call a route. Every route declares one, so nothing is open by omission. */
enum Access implements RouteRole {
  /** No credentials: liveness, readiness, Prometheus metrics, and every internal-server route. */
  OPEN,
  /** A JWT that passes {@link JwtAuthenticator}. */
  JWT
}
