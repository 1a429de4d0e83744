package dev.computectl.http;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.computectl.core.ComputeException;
import dev.computectl.core.ComputeOperations;
import dev.computectl.core.Failpoints;
import dev.computectl.spec.api.ExtensionInstallRequest;
import dev.computectl.spec.api.SetRoleGrantsRequest;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Internal-server routes for local tools: extensions, grants, failpoints. */
final class AdminRoutes {

  private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
  private static final TypeReference<List<FailpointCommand>> FAILPOINT_LIST = new TypeReference<>() {};

  private final ComputeOperations ops;
  private final JsonBodies bodies;

  AdminRoutes(ComputeOperations ops, JsonBodies bodies) {
    this.ops = ops;
    this.bodies = bodies;
  }

  /** 201, not 200: the reference answers so and its clients accept only that. */
  void installExtension(Context ctx) throws ComputeException {
    ExtensionInstallRequest request = bodies.read(ctx, ExtensionInstallRequest.class);
    ctx.status(201).json(ops.installExtension(request));
  }

  /** 201 with the request echoed, as the reference. */
  void setRoleGrants(Context ctx) throws ComputeException {
    SetRoleGrantsRequest request = bodies.read(ctx, SetRoleGrantsRequest.class);
    ctx.status(201).json(ops.setRoleGrants(request));
  }

  /** Arms or disarms test failpoints; 412 unless this compute was built with them. */
  void failpoints(Context ctx) {
    Failpoints failpoints = ops.failpoints();
    if (!failpoints.enabled()) {
      throw new HttpError(412, "failpoints are not enabled in this build");
    }
    List<FailpointCommand> commands = bodies.read(ctx, FAILPOINT_LIST);
    // Parse all first, so one bad entry changes nothing.
    List<Optional<Failpoints.Action>> actions = new ArrayList<>();
    for (FailpointCommand command : commands) {
      actions.add(command.parse());
    }
    for (int i = 0; i < commands.size(); i++) {
      String name = commands.get(i).name();
      Optional<Failpoints.Action> action = actions.get(i);
      if (action.isPresent()) {
        failpoints.arm(name, action.get());
        log.info("failpoint {} armed: {}", name, action.get());
      } else {
        failpoints.disarm(name);
        log.info("failpoint {} disarmed", name);
      }
    }
    ctx.status(200);
  }
}
