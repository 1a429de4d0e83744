package dev.computectl.http;

import dev.computectl.core.ComputeException;
import dev.computectl.core.ComputeOperations;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import dev.computectl.spec.SpecProblem;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.PromoteConfig;
import dev.computectl.spec.api.PromoteState;
import dev.computectl.spec.api.TerminateMode;
import io.javalin.http.Context;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes that move the state machine: configure, terminate, refresh, promote. */
final class LifecycleRoutes {

  private static final Logger log = LoggerFactory.getLogger(LifecycleRoutes.class);

  private final ComputeOperations ops;
  private final JsonBodies bodies;

  LifecycleRoutes(ComputeOperations ops, JsonBodies bodies) {
    this.ops = ops;
    this.bodies = bodies;
  }

  /**
   * Blocks until the spec is applied: 200 running; 400 a body that is not UTF-8 or not JSON, an
   * invalid spec or a JWK that cannot verify tokens; 422 JSON of the wrong shape (as Neon's JSON
   * extractor); all with the JSON path and checked before the state; 412 wrong state; 500 failed.
   */
  void configure(Context ctx) throws ComputeException {
    ConfigurationRequest request;
    String body = bodies.readText(ctx);
    if (body.isBlank()) {
      throw HttpError.badRequest("request body is empty: expected JSON");
    }
    try {
      SpecJson.Parsed<ConfigurationRequest> parsed =
          SpecJson.readWithWarnings(body, ConfigurationRequest.class);
      request = parsed.value();
      for (SpecProblem warning : parsed.warnings()) {
        log.warn("POST /configure: {}", warning);
      }
    } catch (SpecParseException e) {
      throw new HttpError(bodies.statusOf(body), e.getMessage());
    }
    List<String> unusable = VerificationKeys.unusableKeys(request.computeCtlConfig().jwks());
    if (!unusable.isEmpty()) {
      throw HttpError.badRequest("compute_ctl_config.jwks." + String.join(
          "; compute_ctl_config.jwks.", unusable));
    }
    ctx.json(ops.configure(request));
  }

  /** Blocks until terminated; 201 when it already was (a quirk clients may rely on). */
  void terminate(Context ctx) throws ComputeException {
    TerminateMode mode;
    try {
      mode = TerminateMode.parse(ctx.queryParam("mode"));
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    ComputeOperations.TerminateResult result = ops.terminate(mode);
    ctx.status(result.alreadyTerminated() ? 201 : 200).json(result.response());
  }

  /**
   * Neon's takeover of a running Replica; blocks until done: 200 with {@code completed}, 500 with
   * {@code failed} and the error (the PromoteState body either way), 400 bad spec, 412 when this
   * is not a running Replica.
   */
  void promote(Context ctx) throws ComputeException {
    PromoteState state = ops.promote(bodies.read(ctx, PromoteConfig.class));
    ctx.status(state instanceof PromoteState.Failed ? 500 : 200).json(state);
  }

  /** Answers at once; the configurator does the work. */
  void refreshConfiguration(Context ctx) throws ComputeException {
    ops.refreshConfiguration();
    ctx.status(200);
  }
}
