package dev.computectl.spec;

import static dev.computectl.spec.SpecValidator.VARTYPES;
import static dev.computectl.spec.SpecValidator.controlCharacter;
import static dev.computectl.spec.SpecValidator.shown;
import static dev.computectl.spec.SpecValidator.unrepresentable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of {@link SpecValidator} on option and setting values: role and database options
 * against the ones the planner knows, and every value against its vartype, so no value can
 * smuggle SQL or a second line of postgresql.conf in.
 */
final class OptionChecks {

  /** Role options that take no value. */
  private static final Set<String> ROLE_FLAGS = Set.of("LOGIN", "NOLOGIN", "INHERIT", "NOINHERIT",
      "CREATEDB", "NOCREATEDB", "CREATEROLE", "NOCREATEROLE", "NOSUPERUSER", "NOREPLICATION",
      "NOBYPASSRLS");
  /** Role options that would give a spec role more than compute_ctl grants on its own. */
  private static final Set<String> ROLE_GRANTS = Set.of("SUPERUSER", "REPLICATION", "BYPASSRLS");
  /** Role options with a value, and the vartype each needs (it decides the SQL form). */
  private static final Map<String, String> ROLE_VALUED =
      Map.of("CONNECTION LIMIT", "integer", "VALID UNTIL", "string");
  /** The options of CREATE DATABASE. */
  private static final Set<String> DATABASE_OPTIONS = Set.of("TEMPLATE", "ENCODING", "LOCALE",
      "LC_COLLATE", "LC_CTYPE", "ICU_LOCALE", "ICU_RULES", "LOCALE_PROVIDER", "BUILTIN_LOCALE",
      "COLLATION_VERSION", "TABLESPACE", "ALLOW_CONNECTIONS", "CONNECTION LIMIT", "IS_TEMPLATE",
      "STRATEGY", "OID");


  private static final Pattern SETTING_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
  private static final Pattern OPTION_NAME = Pattern.compile("[A-Za-z_]+( [A-Za-z_]+)?");
  private static final Pattern BOOL =
      Pattern.compile("(?i)true|false|yes|no|on|off|1|0|t|f|y|n");
  // postgresql.conf: numbers may carry a unit; unquoted words may hold - . : /
  private static final Pattern CONF_INTEGER =
      Pattern.compile("[-+]?([0-9]+|0[xX][0-9A-Fa-f]+)[A-Za-z]*");
  private static final Pattern CONF_REAL =
      Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?[A-Za-z]*");
  private static final Pattern CONF_ENUM = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:/-]*|[-+]?[0-9]+");
  // SQL option lists: plain numbers and plain words only (no "--", no ";", no quotes)
  private static final Pattern SQL_INTEGER = Pattern.compile("-?[0-9]+");
  private static final Pattern SQL_REAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
  private static final Pattern SQL_ENUM = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // An unknown vartype is written unquoted: any of the unquoted shapes of its place.
  private static final Pattern SQL_UNQUOTED =
      Pattern.compile(SQL_REAL.pattern() + "|" + SQL_ENUM.pattern());
  private static final Pattern CONF_UNQUOTED = Pattern.compile(
      CONF_INTEGER.pattern() + "|" + CONF_REAL.pattern() + "|" + CONF_ENUM.pattern());

  private OptionChecks() {}

  static void checkRoleOptions(Role role, String rolePath, List<SpecProblem> problems) {
    if (role.options() == null) {
      return;
    }
    for (int j = 0; j < role.options().size(); j++) {
      GenericOption option = role.options().get(j);
      String path = rolePath + ".options[" + j + "]";
      if (!checkOptionName(option, path, problems)) {
        continue;
      }
      String name = option.name().toUpperCase(Locale.ROOT);
      if (ROLE_GRANTS.contains(name)) {
        problems.add(new SpecProblem(path + ".name", "role option " + name + " is refused:"
            + " compute_ctl never grants " + name + " to a spec role"));
      } else if (ROLE_FLAGS.contains(name)) {
        if (option.value() != null) {
          problems.add(new SpecProblem(path + ".value",
              "role option " + name + " takes no value, got " + shown(option.value())));
        }
      } else if (ROLE_VALUED.containsKey(name)) {
        String vartype = ROLE_VALUED.get(name);
        if (option.value() == null) {
          problems.add(new SpecProblem(path + ".value", "role option " + name + " needs a value"));
        } else if (!vartype.equals(option.vartype())) {
          problems.add(new SpecProblem(path + ".vartype", "role option " + name
              + " needs vartype " + vartype + ", got " + shown(option.vartype())));
        } else {
          checkSqlValue(option, path, problems);
        }
      } else {
        problems.add(new SpecProblem(path + ".name", "unknown role option " + shown(option.name())
            + "; known: " + String.join(", ", knownRoleOptions())));
      }
    }
  }

  private static List<String> knownRoleOptions() {
    List<String> known = new ArrayList<>(ROLE_FLAGS);
    known.addAll(ROLE_VALUED.keySet());
    known.sort(null);
    return known;
  }

  static void checkDatabaseOptions(Database db, String dbPath, List<SpecProblem> problems) {
    if (db.options() == null) {
      return;
    }
    for (int j = 0; j < db.options().size(); j++) {
      GenericOption option = db.options().get(j);
      String path = dbPath + ".options[" + j + "]";
      if (!checkOptionName(option, path, problems)) {
        continue;
      }
      if (!DATABASE_OPTIONS.contains(option.name().toUpperCase(Locale.ROOT))) {
        problems.add(new SpecProblem(path + ".name",
            "unknown database option " + shown(option.name())));
      } else if (option.value() == null) {
        problems.add(new SpecProblem(path + ".value",
            "database option " + option.name() + " needs a value"));
      } else {
        checkSqlValue(option, path, problems);
      }
    }
  }

  /** The shape of the name of a role or database option; false when unusable. */
  private static boolean checkOptionName(
      GenericOption option, String path, List<SpecProblem> problems) {
    if (!OPTION_NAME.matcher(option.name()).matches()) {
      problems.add(new SpecProblem(path + ".name", "option name " + shown(option.name())
          + " is not a word (or two words) of ASCII letters"));
      return false;
    }
    return true;
  }

  // Neon renders every vartype but string unquoted, an unknown one too: so an unknown vartype
  // is only a warning (vartypeWarnings), and its value is checked as an unquoted value.

  /** Adds a warning for every option and setting of {@code cluster} with an unknown vartype. */
  static void vartypeWarnings(Cluster cluster, List<SpecProblem> warnings) {
    for (int i = 0; i < cluster.roles().size(); i++) {
      vartypeWarnings(cluster.roles().get(i).options(), "cluster.roles[" + i + "].options",
          warnings);
    }
    for (int i = 0; i < cluster.databases().size(); i++) {
      vartypeWarnings(cluster.databases().get(i).options(),
          "cluster.databases[" + i + "].options", warnings);
    }
    vartypeWarnings(cluster.settings(), "cluster.settings", warnings);
  }

  private static void vartypeWarnings(
      List<GenericOption> options, String path, List<SpecProblem> warnings) {
    if (options == null) {
      return;
    }
    for (int j = 0; j < options.size(); j++) {
      String vartype = options.get(j).vartype();
      if (!VARTYPES.contains(vartype)) {
        warnings.add(new SpecProblem(path + "[" + j + "].vartype", "unknown vartype "
            + shown(vartype) + " (known: bool, enum, integer, real, string); the value is"
            + " written unquoted, like a non-string value"));
      }
    }
  }

  /** A value written into a SQL option list: quoted for string, else as given, so checked. */
  private static void checkSqlValue(GenericOption option, String path, List<SpecProblem> problems) {
    Pattern shape = switch (option.vartype()) {
      case "integer" -> SQL_INTEGER;
      case "real" -> SQL_REAL;
      case "bool" -> BOOL;
      case "enum" -> SQL_ENUM;
      case "string" -> null;
      default -> SQL_UNQUOTED;
    };
    checkValue(option, shape, path, problems);
  }

  private static void checkValue(
      GenericOption option, Pattern shape, String path, List<SpecProblem> problems) {
    String value = option.value();
    Optional<String> bad = unrepresentable(value).or(() -> controlCharacter(value));
    if (bad.isPresent()) {
      problems.add(new SpecProblem(path + ".value",
          "value of " + shown(option.name()) + " " + bad.get()));
    } else if (shape != null && !shape.matcher(value).matches()) {
      problems.add(new SpecProblem(path + ".value", "value " + shown(value) + " of "
          + shown(option.name()) + " is not a valid " + describe(option.vartype())));
    }
  }

  private static String describe(String vartype) {
    return VARTYPES.contains(vartype) ? vartype
        : "unquoted value (a number or a word; its vartype " + shown(vartype) + " is unknown)";
  }

  static void checkSettings(Cluster cluster, List<SpecProblem> problems) {
    if (cluster.settings() == null) {
      return;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < cluster.settings().size(); i++) {
      GenericOption setting = cluster.settings().get(i);
      String path = "cluster.settings[" + i + "]";
      Integer first = seen.putIfAbsent(setting.name(), i);
      if (first != null) {
        // Neon's lookup takes the first, Postgres the last line of postgresql.conf.
        problems.add(new SpecProblem(path + ".name", "setting " + shown(setting.name())
            + " is listed twice (also cluster.settings[" + first + "])"));
      }
      if (!SETTING_NAME.matcher(setting.name()).matches()) {
        problems.add(new SpecProblem(path + ".name", "setting name " + shown(setting.name())
            + " is not a Postgres parameter name"));
        continue;
      }
      if (setting.value() == null) {
        problems.add(new SpecProblem(path + ".value",
            "setting " + setting.name() + " needs a value"));
        continue;
      }
      if (setting.name().equals("port")) {
        continue; // checkPort, stricter
      }
      Pattern shape = switch (setting.vartype()) {
        case "integer" -> CONF_INTEGER;
        case "real" -> CONF_REAL;
        case "bool" -> BOOL;
        case "enum" -> CONF_ENUM;
        case "string" -> null;
        default -> CONF_UNQUOTED;
      };
      checkValue(setting, shape, path, problems);
    }
  }
}
