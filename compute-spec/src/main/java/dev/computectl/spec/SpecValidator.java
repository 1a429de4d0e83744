package dev.computectl.spec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a parsed spec and reports every problem at once. Neon's own checks ("ParsedSpec") run
 * only in {@link ValidationMode#NEON_STORAGE}; ours run always. Stateless and thread-safe.
 *
 * <p>Every text that reaches SQL or {@code postgresql.conf} is checked here, because the planner
 * and the config writer write non-string option values and option names as given (Neon's
 * rendering): names must round-trip through UTF-8 unchanged and hold no NUL, values hold no control
 * characters and match their {@code vartype}, role and database options must be ones the planner
 * knows. Messages quote at most {@value #SHOWN_CHARS} characters of a value ({@link #shown}).
 *
 * <p>The checks of option and setting values against their vartype live in {@link OptionChecks}.
 */
public final class SpecValidator {

  /** Postgres truncates identifiers to NAMEDATALEN - 1 bytes. */
  public static final int MAX_IDENTIFIER_BYTES = 63;

  /** How many characters of a value an error message quotes. */
  public static final int SHOWN_CHARS = 64;

  /** The role compute_ctl makes the spec roles members of (Neon's privileged role). */
  public static final String PRIVILEGED_ROLE = "neon_superuser";

  /** Databases every cluster has; a spec must not list, rename or delete them. */
  public static final Set<String> SYSTEM_DATABASES = Set.of("postgres", "template0", "template1");

  /** Role names Postgres reserves or that mean something else in SQL (compared ignoring case). */
  private static final Set<String> RESERVED_ROLES =
      Set.of("public", "none", "current_user", "session_user", "current_role", PRIVILEGED_ROLE);

  /** pg_settings.vartype. */
  public static final Set<String> VARTYPES = Set.of("bool", "enum", "integer", "real", "string");

  /** The only spec format there is (Neon's control plane sends 1.0; Neon itself never checks). */
  public static final double SUPPORTED_FORMAT_VERSION = 1.0;

  private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");

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
    checkDeltaOperations(spec, adminRole, problems);
    OptionChecks.checkSettings(spec.cluster(), problems);
    checkPort(spec.cluster(), problems);
    if (spec.formatVersion() != SUPPORTED_FORMAT_VERSION) {
      problems.add(new SpecProblem("format_version", "format_version " + formatted(
          spec.formatVersion()) + " is not supported; this compute_ctl reads format_version "
          + formatted(SUPPORTED_FORMAT_VERSION)));
    }
    return List.copyOf(problems);
  }

  /**
   * What in {@code spec} is accepted but doubtful, for a compute to log and {@code --check-config}
   * to print: options and settings whose {@code vartype} is not one of {@link #VARTYPES} (Neon
   * writes them unquoted). Unknown fields are found while parsing ({@link
   * SpecJson#readWithWarnings}).
   */
  public static List<SpecProblem> warnings(ComputeSpec spec) {
    List<SpecProblem> warnings = new ArrayList<>();
    OptionChecks.vartypeWarnings(spec.cluster(), warnings);
    return List.copyOf(warnings);
  }

  /**
   * A value as an error message shows it: in single quotes, at most {@value #SHOWN_CHARS}
   * characters (then "…"), control characters and unpaired surrogates as {@code \\uXXXX}.
   */
  public static String shown(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("'");
    int shownChars = 0;
    for (int i = 0; i < value.length(); i++) {
      if (shownChars == SHOWN_CHARS) {
        return out.append("…'").toString();
      }
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        out.append(c).append(value.charAt(++i));
      } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
      shownChars++;
    }
    return out.append('\'').toString();
  }

  /**
   * Why {@code text} cannot pass unchanged through UTF-8 and Postgres (a NUL or an unpaired
   * surrogate, with its position), empty when it can.
   */
  public static Optional<String> unrepresentable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return Optional.of("contains a NUL character at position " + i);
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of(String.format(
            "contains an unpaired surrogate \\u%04x at position %d (not valid Unicode)", (int) c, i));
      }
    }
    return Optional.empty();
  }

  private static String formatted(double version) {
    return java.math.BigDecimal.valueOf(version).stripTrailingZeros().scale() <= 0
        ? String.format(Locale.ROOT, "%.1f", version) : Double.toString(version);
  }

  /** The first control character of {@code text}, with its position; empty when there is none. */
  static Optional<String> controlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return Optional.of(String.format(
            "contains the control character \\u%04x at position %d", (int) c, i));
      }
    }
    return Optional.empty();
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
          "invalid " + what + " " + shown(value.get()) + ": expected 32 hex characters"));
    }
  }

  private static void checkRolesAndDatabases(
      Cluster cluster, String adminRole, List<SpecProblem> problems) {
    Map<String, Integer> roleNames = new HashMap<>();
    for (int i = 0; i < cluster.roles().size(); i++) {
      Role role = cluster.roles().get(i);
      String path = "cluster.roles[" + i + "]";
      String name = role.name();
      if (checkIdentifier(name, path + ".name", "role name", problems)) {
        reservedRole(name).ifPresent(why -> problems.add(new SpecProblem(path + ".name", why)));
      }
      Integer first = roleNames.putIfAbsent(name, i);
      if (first != null) {
        problems.add(new SpecProblem(path + ".name",
            "role " + shown(name) + " is listed twice (also cluster.roles[" + first + "])"));
      }
      if (role.encryptedPassword() != null) {
        String pw = role.encryptedPassword();
        Optional<String> bad = unrepresentable(pw).or(() -> controlCharacter(pw));
        // Never quote a password.
        bad.ifPresent(why -> problems.add(
            new SpecProblem(path + ".encrypted_password", "password " + why)));
      }
      OptionChecks.checkRoleOptions(role, path, problems);
    }
    Map<String, Integer> databaseNames = new HashMap<>();
    for (int i = 0; i < cluster.databases().size(); i++) {
      Database db = cluster.databases().get(i);
      String path = "cluster.databases[" + i + "]";
      if (checkIdentifier(db.name(), path + ".name", "database name", problems)
          && SYSTEM_DATABASES.contains(db.name())) {
        problems.add(new SpecProblem(path + ".name", "database " + shown(db.name())
            + " is a system database; a spec must not list it"));
      }
      Integer first = databaseNames.putIfAbsent(db.name(), i);
      if (first != null) {
        problems.add(new SpecProblem(path + ".name", "database " + shown(db.name())
            + " is listed twice (also cluster.databases[" + first + "])"));
      }
      if (!roleNames.containsKey(db.owner()) && !db.owner().equals(adminRole)) {
        problems.add(new SpecProblem(path + ".owner",
            "owner " + shown(db.owner()) + " of database " + shown(db.name())
                + " is neither a role of the spec nor the admin role"));
      }
      OptionChecks.checkDatabaseOptions(db, path, problems);
    }
  }

  /** Why a spec role may not have this name; empty when it may. */
  private static Optional<String> reservedRole(String name) {
    if (name.startsWith("pg_")) {
      return Optional.of("role name " + shown(name) + " is reserved: names starting with pg_"
          + " belong to Postgres");
    }
    if (RESERVED_ROLES.contains(name.toLowerCase(Locale.ROOT))) {
      return Optional.of("role name " + shown(name) + " is reserved");
    }
    return Optional.empty();
  }

  /** Adds the problems of a role or database name; says whether it is a usable name. */
  private static boolean checkIdentifier(
      String name, String path, String what, List<SpecProblem> problems) {
    if (name.isEmpty()) {
      problems.add(new SpecProblem(path, what + " must not be empty"));
      return false;
    }
    Optional<String> bad = unrepresentable(name);
    if (bad.isPresent()) {
      problems.add(new SpecProblem(path, what + " " + shown(name) + " " + bad.get()));
      return false;
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
      problems.add(new SpecProblem(path,
          what + " " + shown(name) + " is longer than " + MAX_IDENTIFIER_BYTES + " bytes"));
      return false;
    }
    return true;
  }

  private static void checkDeltaOperations(
      ComputeSpec spec, String adminRole, List<SpecProblem> problems) {
    if (spec.deltaOperations() == null) {
      return;
    }
    for (int i = 0; i < spec.deltaOperations().size(); i++) {
      DeltaOp op = spec.deltaOperations().get(i);
      String path = "delta_operations[" + i + "]";
      boolean roleOp = DeltaOp.RENAME_ROLE.equals(op.action())
          || DeltaOp.DELETE_ROLE.equals(op.action());
      boolean dbOp = DeltaOp.RENAME_DB.equals(op.action()) || DeltaOp.DELETE_DB.equals(op.action());
      String what = roleOp ? "role name" : "database name";
      if ((roleOp || dbOp) && checkIdentifier(op.name(), path + ".name", what, problems)) {
        if (roleOp && (op.name().equals(adminRole) || reservedRole(op.name()).isPresent())) {
          problems.add(new SpecProblem(path + ".name", op.action() + " of " + shown(op.name())
              + " is refused: the role is reserved or compute_ctl's admin role"));
        } else if (dbOp && SYSTEM_DATABASES.contains(op.name())) {
          problems.add(new SpecProblem(path + ".name", op.action() + " of " + shown(op.name())
              + " is refused: it is a system database"));
        }
      }
      if (!op.isRename()) {
        continue;
      }
      if (op.newName() == null || op.newName().isEmpty()) {
        problems.add(new SpecProblem(path + ".new_name",
            op.action() + " of " + shown(op.name()) + " needs new_name"));
      } else if (checkIdentifier(op.newName(), path + ".new_name", what, problems)) {
        if (roleOp) {
          reservedRole(op.newName()).ifPresent(
              why -> problems.add(new SpecProblem(path + ".new_name", why)));
        } else if (SYSTEM_DATABASES.contains(op.newName())) {
          problems.add(new SpecProblem(path + ".new_name", "database " + shown(op.newName())
              + " is a system database; nothing may be renamed to it"));
        }
      }
    }
  }

  private static void checkPort(Cluster cluster, List<SpecProblem> problems) {
    if (cluster.settings() == null) {
      return;
    }
    for (int i = 0; i < cluster.settings().size(); i++) {
      GenericOption setting = cluster.settings().get(i);
      if (!setting.name().equals("port")) {
        continue;
      }
      String path = "cluster.settings[" + i + "].value";
      String value = setting.value();
      if (value == null) {
        continue; // reported by checkSettings
      }
      if (!PORT.matcher(value).matches()) {
        problems.add(new SpecProblem(path, "port " + shown(value)
            + " is not an integer in 1..65535 (digits only, no sign or spaces)"));
      } else if (Integer.parseInt(value) > 65535) {
        problems.add(new SpecProblem(path, "port " + value + " is outside 1..65535"));
      }
      return; // Neon's lookup rule: the first setting of that name counts
    }
  }

  /** The port a spec's {@code port} setting asks for, when it is valid; empty otherwise. */
  public static Optional<Integer> port(ComputeSpec spec) {
    return spec.cluster().setting("port")
        .filter(v -> PORT.matcher(v).matches() && Integer.parseInt(v) <= 65535)
        .map(Integer::valueOf);
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
