package dev.computectl.spec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a parsed spec and reports every problem at once. Neon's own checks ("ParsedSpec") run
 * only in {@link ValidationMode#NEON_STORAGE}; ours run always. Stateless and thread-safe.
 */
public final class SpecValidator {

  /** Postgres truncates identifiers to NAMEDATALEN - 1 bytes. */
  public static final int MAX_IDENTIFIER_BYTES = 63;

  private SpecValidator() {}

  /** Validates without an admin role: every database owner must then be a spec role. */
  public static List<SpecProblem> validate(ComputeSpec spec, ValidationMode mode) {
    return validate(spec, mode, null);
  }

  /**
   * @param adminRole the role compute_ctl connects as; it may own databases without being in the
   *     spec (null if there is none)
   */
  public static List<SpecProblem> validate(
      ComputeSpec spec, ValidationMode mode, String adminRole) {
    List<SpecProblem> problems = new ArrayList<>();
    if (mode == ValidationMode.NEON_STORAGE) {
      checkNeonStorage(spec, problems);
    }
    checkRolesAndDatabases(spec.cluster(), adminRole, problems);
    checkDeltaOperations(spec, problems);
    checkPort(spec.cluster(), problems);
    return List.copyOf(problems);
  }

  private static void checkNeonStorage(ComputeSpec spec, List<SpecProblem> problems) {
    try {
      if (PageserverConnectionInfo.resolve(spec).isEmpty()) {
        problems.add(
            new SpecProblem("pageserver_connection_info",
                "pageserver connection information should be provided"));
      }
    } catch (IllegalArgumentException e) {
      problems.add(new SpecProblem("pageserver_connstring", e.getMessage()));
    }
    checkId(spec.effectiveTenantId(), spec.tenantId() != null, "tenant_id", "neon.tenant_id",
        "tenant id", spec, problems);
    checkId(spec.effectiveTimelineId(), spec.timelineId() != null, "timeline_id",
        "neon.timeline_id", "timeline id", spec, problems);
    if (spec.mode().isPrimary()) {
      List<String> safekeepers = spec.effectiveSafekeepers();
      String path = spec.safekeeperConnstrings().isEmpty()
          ? settingPath(spec.cluster(), "neon.safekeepers")
          : "safekeeper_connstrings";
      if (safekeepers.isEmpty()) {
        problems.add(new SpecProblem(path, "safekeeper_connstrings is empty"));
      }
      Set<String> seen = new HashSet<>();
      for (String sk : safekeepers) {
        if (!seen.add(sk)) {
          problems.add(
              new SpecProblem(path, "duplicate entry in safekeeper_connstrings: " + sk + "!"));
        }
      }
    }
  }

  private static void checkId(Optional<String> value, boolean fromField, String field,
      String setting, String what, ComputeSpec spec, List<SpecProblem> problems) {
    String path = fromField ? field : settingPath(spec.cluster(), setting);
    if (value.isEmpty()) {
      problems.add(new SpecProblem(field, what + " should be provided"));
    } else if (!TenantId.isValid(value.get())) {
      problems.add(new SpecProblem(path,
          "invalid " + what + " '" + value.get() + "': expected 32 hex characters"));
    }
  }

  private static void checkRolesAndDatabases(
      Cluster cluster, String adminRole, List<SpecProblem> problems) {
    Set<String> roleNames = new HashSet<>();
    for (int i = 0; i < cluster.roles().size(); i++) {
      String name = cluster.roles().get(i).name();
      checkIdentifier(name, "cluster.roles[" + i + "].name", "role name", problems);
      roleNames.add(name);
    }
    for (int i = 0; i < cluster.databases().size(); i++) {
      Database db = cluster.databases().get(i);
      checkIdentifier(db.name(), "cluster.databases[" + i + "].name", "database name", problems);
      if (!roleNames.contains(db.owner()) && !db.owner().equals(adminRole)) {
        problems.add(new SpecProblem("cluster.databases[" + i + "].owner",
            "owner '" + db.owner() + "' of database '" + db.name()
                + "' is neither a role of the spec nor the admin role"));
      }
    }
  }

  private static void checkIdentifier(
      String name, String path, String what, List<SpecProblem> problems) {
    if (name.isEmpty()) {
      problems.add(new SpecProblem(path, what + " must not be empty"));
    } else if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
      problems.add(new SpecProblem(path,
          what + " '" + name + "' is longer than " + MAX_IDENTIFIER_BYTES + " bytes"));
    }
  }

  private static void checkDeltaOperations(ComputeSpec spec, List<SpecProblem> problems) {
    if (spec.deltaOperations() == null) {
      return;
    }
    for (int i = 0; i < spec.deltaOperations().size(); i++) {
      DeltaOp op = spec.deltaOperations().get(i);
      if (op.isRename() && (op.newName() == null || op.newName().isEmpty())) {
        problems.add(new SpecProblem("delta_operations[" + i + "].new_name",
            op.action() + " of '" + op.name() + "' needs new_name"));
      }
    }
  }

  private static void checkPort(Cluster cluster, List<SpecProblem> problems) {
    Optional<String> port = cluster.setting("port");
    if (port.isEmpty()) {
      return;
    }
    String path = settingPath(cluster, "port");
    try {
      int value = Integer.parseInt(port.get().strip());
      if (value < 1 || value > 65535) {
        problems.add(new SpecProblem(path, "port " + value + " is outside 1..65535"));
      }
    } catch (NumberFormatException e) {
      problems.add(new SpecProblem(path, "port '" + port.get() + "' is not an integer"));
    }
  }

  /** {@code cluster.settings[i].value} of the first setting with that name. */
  private static String settingPath(Cluster cluster, String name) {
    if (cluster.settings() != null) {
      for (int i = 0; i < cluster.settings().size(); i++) {
        if (cluster.settings().get(i).name().equals(name)) {
          return "cluster.settings[" + i + "].value";
        }
      }
    }
    return "cluster.settings";
  }
}
