package dev.computectl.testkit.controlplane;

import dev.computectl.testkit.jwt.TestJwts;
import dev.computectl.testkit.spec.ConfigBuilder;
import dev.computectl.testkit.spec.SpecBuilder;
import java.time.Duration;
import java.util.Objects;

/** One scripted answer of the {@link FakeControlPlane} to one spec request. */
public sealed interface ControlPlaneAnswer {

  /** A status code and a body, sent as {@code application/json}. */
  record Respond(int status, String body) implements ControlPlaneAnswer {
    public Respond {
      Objects.requireNonNull(body, "body");
    }
  }

  /** Waits, then gives the inner answer (to test client timeouts and slow starts). */
  record Delayed(Duration delay, ControlPlaneAnswer then) implements ControlPlaneAnswer {
    public Delayed {
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(then, "then");
    }
  }

  /** Closes the connection without an answer: a network error for the client. */
  record Disconnect() implements ControlPlaneAnswer {}

  /** {@code status: attached} with this spec, trusting the given keys. */
  static ControlPlaneAnswer attached(SpecBuilder spec, TestJwts... keys) {
    return json(ConfigBuilder.config().spec(spec).jwks(keys).toControlPlaneJson());
  }

  /** The answer a config builder describes ({@code attached} or {@code empty}). */
  static ControlPlaneAnswer config(ConfigBuilder config) {
    return json(config.toControlPlaneJson());
  }

  /** {@code status: empty}, no spec: the compute starts and waits for {@code /configure}. */
  static ControlPlaneAnswer empty(TestJwts... keys) {
    return json(ConfigBuilder.config().jwks(keys).toControlPlaneJson());
  }

  static ControlPlaneAnswer json(String body) {
    return new Respond(200, body);
  }

  /** An error status with a JSON error body. */
  static ControlPlaneAnswer error(int status) {
    return new Respond(status, "{\"error\":\"fake control plane error " + status + "\"}");
  }

  /** HTTP 200 whose body is not JSON at all. */
  static ControlPlaneAnswer garbage() {
    return new Respond(200, "this is not json {");
  }

  static ControlPlaneAnswer delayed(Duration delay, ControlPlaneAnswer then) {
    return new Delayed(delay, then);
  }

  static ControlPlaneAnswer disconnect() {
    return new Disconnect();
  }
}
