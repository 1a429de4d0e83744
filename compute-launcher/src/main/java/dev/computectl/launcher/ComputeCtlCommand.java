package dev.computectl.launcher;

import ch.qos.logback.classic.Level;
import dev.computectl.launcher.LaunchOptions.Action;
import dev.computectl.launcher.LogSetup.LogFormat;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/**
 * The {@code compute_ctl} command line. Parsing (Apache Commons CLI) and the rules between flags
 * live here; what each action does lives behind {@link Actions}, so the command line is testable
 * without Postgres. Commons CLI rather than an annotation-driven parser: a cold JVM builds its
 * model of these flags in about 15 ms, where picocli took 170 ms of every start.
 */
final class ComputeCtlCommand {

  private static final Pattern PRIVILEGED_ROLE = Pattern.compile("^[a-z_]+$");
  static final String DEFAULT_COMPUTE_ID = "compute";
  /** The environment variable Neon's compute_ctl takes as the default of {@code --pgbin}. */
  static final String POSTGRES_PATH_ENV = "POSTGRES_PATH";
  private static final int HELP_WIDTH = 100;

  private static final String SYNOPSIS =
      "compute_ctl [OPTIONS] -D <dir> [-S <file> | -c <file> | -p <url> -i <id>]";
  private static final String DESCRIPTION = String.join("\n",
      "",
      "Owns one Postgres compute: prepares PGDATA with a fresh initdb, writes postgresql.conf,"
          + " starts Postgres, creates the spec's roles and databases, and serves the compute"
          + " HTTP API until Postgres exits.",
      "",
      "The spec comes from -S (a bare spec file), -c (a config file) or -p (a control plane)."
          + " With none of them the compute starts `empty` and waits for POST /configure.",
      "",
      "Options:");
  private static final String FOOTER = String.join("\n",
      "",
      "Environment:",
      "  POSTGRES_PATH             default of --pgbin (the postgres binary)",
      "  COMPUTE_PG_BIN            Postgres bin directory, used without --pgbin and POSTGRES_PATH",
      "  PATH                      where pg_config (to find Postgres), pgbackrest, setpriv and cp"
          + " are looked up",
      "  NEON_CONTROL_PLANE_TOKEN  bearer token for the control-plane request (-p)",
      "  COMPUTE_CTL_LOG_LEVEL     trace, debug, info (default), warn, error",
      "  XDG_CACHE_HOME            default parent of --template-cache (not for root)",
      "  A wrong --pgbin, POSTGRES_PATH or COMPUTE_PG_BIN is an error naming it; none of them"
          + " falls back to another.",
      "",
      "Exit codes:",
      "  0    Postgres stopped cleanly (POST /terminate, SIGTERM, SIGINT);",
      "       --check-config found no problem",
      "  N    Postgres exited by itself with code N",
      "  1    startup failed, Postgres died by a signal, --check-config found problems",
      "  2    usage error",
      "",
      "Example:",
      "  compute_ctl -D /tmp/pgdata -S examples/spec.json");

  /** What each action does; the production implementation is {@link ComputeCtlMain}. */
  interface Actions {
    int run(LaunchOptions options) throws Exception;

    int checkConfig(LaunchOptions options) throws Exception;

    int printPlan(LaunchOptions options) throws Exception;
  }

  /** A broken rule of the command line: one line on stderr, exit 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  private final Map<String, String> env;
  private final Actions actions;

  private Path pgdata;
  private String connstr;
  private Path specPath;
  private Path configPath;
  private Path pgbin;
  private String computeId;
  private String controlPlaneUri;
  private long controlPlaneRetrySeconds;
  private int externalHttpPort;
  private int internalHttpPort;
  private String privilegedRoleName;
  private Integer pgPort;
  private long recoveryWindowSeconds;
  private long failedStartExitDelaySeconds;
  private boolean enableFailpoints;
  private Path templateCache;
  private Path pgbackrestConfig;
  private Path pgSocketDir;
  private LogFormat logFormat;
  private boolean checkConfig;
  private boolean printPlan;

  ComputeCtlCommand(Map<String, String> env, Actions actions) {
    this.env = Map.copyOf(env);
    this.actions = Objects.requireNonNull(actions, "actions");
  }

  /**
   * Parses {@code args} and runs the action they choose: help and version print to {@code out}
   * (exit 0), a usage error prints one line to {@code err} (exit 2); what an action throws is
   * the caller's to report.
   */
  int execute(PrintWriter out, PrintWriter err, String... args) throws Exception {
    Options flags = Flags.all();
    CommandLine parsed;
    try {
      parsed = parse(flags, args);
      if (parsed.hasOption("help")) {
        printHelp(flags, out);
        return ExitCode.OK;
      }
      if (parsed.hasOption("version")) {
        out.println(version());
        return ExitCode.OK;
      }
      read(parsed);
      LaunchOptions options = options();
      return switch (options.action()) {
        case RUN -> actions.run(options);
        case CHECK_CONFIG -> actions.checkConfig(options);
        case PRINT_PLAN -> actions.printPlan(options);
      };
    } catch (UsageException e) {
      err.println("compute_ctl: " + e.getMessage() + " (see compute_ctl --help)");
      return ExitCode.USAGE;
    }
  }

  private static CommandLine parse(Options flags, String[] args) {
    CommandLine parsed;
    try {
      // No abbreviations: --pg must not pass for --pgdata.
      parsed = DefaultParser.builder().setAllowPartialMatching(false).build().parse(flags, args);
    } catch (UnrecognizedOptionException e) {
      throw new UsageException("Unknown option: '" + e.getOption() + "'");
    } catch (MissingArgumentException e) {
      throw new UsageException(Flags.display(e.getOption()) + " needs a value <"
          + e.getOption().getArgName() + ">");
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
    if (!parsed.getArgList().isEmpty()) {
      throw new UsageException("Unexpected argument: '" + parsed.getArgList().get(0) + "'");
    }
    Set<String> seen = new HashSet<>();
    for (Option given : parsed.getOptions()) {
      if (given.hasArg() && !seen.add(given.getLongOpt())) {
        throw new UsageException(Flags.display(given) + " is given more than once");
      }
    }
    return parsed;
  }

  /** The parsed flags, converted, into the fields {@link #options()} checks. */
  private void read(CommandLine parsed) {
    pgdata = path(parsed, "pgdata");
    connstr = parsed.getOptionValue("connstr");
    specPath = path(parsed, "spec-path");
    configPath = path(parsed, "config");
    pgbin = path(parsed, "pgbin");
    computeId = parsed.getOptionValue("compute-id");
    controlPlaneUri = parsed.getOptionValue("control-plane-uri");
    controlPlaneRetrySeconds = number(parsed, "control-plane-retry-seconds", 60);
    externalHttpPort = port(parsed, "external-http-port", 3080);
    internalHttpPort = port(parsed, "internal-http-port", 3081);
    privilegedRoleName = parsed.getOptionValue("privileged-role-name", "neon_superuser");
    pgPort = parsed.hasOption("pg-port") ? port(parsed, "pg-port", 0) : null;
    recoveryWindowSeconds = number(parsed, "recovery-window", 0);
    failedStartExitDelaySeconds = number(parsed, "failed-start-exit-delay", 30);
    enableFailpoints = parsed.hasOption("enable-failpoints");
    templateCache = path(parsed, "template-cache");
    pgbackrestConfig = path(parsed, "pgbackrest-config");
    pgSocketDir = path(parsed, "pg-socket-dir");
    logFormat = logFormat(parsed.getOptionValue("log-format", "text"));
    checkConfig = parsed.hasOption("check-config");
    printPlan = parsed.hasOption("print-plan");
  }

  private static Path path(CommandLine parsed, String flag) {
    String value = parsed.getOptionValue(flag);
    if (value == null) {
      return null;
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new UsageException("Invalid value for option '--" + flag + "': " + e.getReason());
    }
  }

  /** A whole number of seconds (checked for range by {@link #options()}). */
  private static long number(CommandLine parsed, String flag, long defaultValue) {
    String value = parsed.getOptionValue(flag);
    try {
      return value == null ? defaultValue : Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw notANumber(flag, value);
    }
  }

  /** A port number (checked for range by {@link #options()}). */
  private static int port(CommandLine parsed, String flag, int defaultValue) {
    String value = parsed.getOptionValue(flag);
    try {
      return value == null ? defaultValue : Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw notANumber(flag, value);
    }
  }

  private static UsageException notANumber(String flag, String value) {
    return new UsageException("Invalid value for option '--" + flag + "': '" + value
        + "' is not a whole number");
  }

  private static LogFormat logFormat(String value) {
    for (LogFormat format : LogFormat.values()) {
      if (format.name().equalsIgnoreCase(value)) {
        return format;
      }
    }
    throw new UsageException("Invalid value for option '--log-format': expected text or json,"
        + " got '" + value + "'");
  }

  /** Applies defaults and the rules between flags; a broken rule is a usage error (exit 2). */
  LaunchOptions options() {
    if (checkConfig && printPlan) {
      throw usage("--check-config and --print-plan cannot be combined");
    }
    Action action = checkConfig ? Action.CHECK_CONFIG
        : printPlan ? Action.PRINT_PLAN : Action.RUN;
    int sources = (specPath != null ? 1 : 0) + (configPath != null ? 1 : 0)
        + (controlPlaneUri != null ? 1 : 0);
    if (sources > 1) {
      throw usage("give only one of -S/--spec-path, -c/--config and -p/--control-plane-uri");
    }
    if (action != Action.RUN && specPath == null && configPath == null) {
      throw usage((checkConfig ? "--check-config" : "--print-plan")
          + " needs a spec: -S/--spec-path or -c/--config");
    }
    if (action == Action.RUN && pgdata == null) {
      throw usage("missing -D/--pgdata: the data directory to create (it is wiped on start)");
    }
    Optional<URI> controlPlane = Optional.ofNullable(controlPlaneUri).map(this::httpUrl);
    if (controlPlane.isPresent() && computeId == null) {
      throw usage("-p/--control-plane-uri needs -i/--compute-id");
    }
    String id = computeId == null ? DEFAULT_COMPUTE_ID : computeId;
    if (id.isBlank()) {
      throw usage("-i/--compute-id must not be empty");
    }
    if (!PRIVILEGED_ROLE.matcher(privilegedRoleName).matches()) {
      throw usage("--privileged-role-name '" + privilegedRoleName
          + "' must match ^[a-z_]+$ (lower-case letters and underscores)");
    }
    checkPort("--external-http-port", externalHttpPort, 0);
    checkPort("--internal-http-port", internalHttpPort, 0);
    if (externalHttpPort != 0 && externalHttpPort == internalHttpPort) {
      throw usage("--external-http-port and --internal-http-port are both " + externalHttpPort);
    }
    if (pgPort != null) {
      checkPort("--pg-port", pgPort, 1);
    }
    if (controlPlaneRetrySeconds < 0) {
      throw usage("--control-plane-retry-seconds " + controlPlaneRetrySeconds
          + " must be 0 or more seconds");
    }
    if (recoveryWindowSeconds < 0) {
      throw usage("--recovery-window " + recoveryWindowSeconds + " must be 0 or more seconds");
    }
    if (failedStartExitDelaySeconds < 0) {
      throw usage("--failed-start-exit-delay " + failedStartExitDelaySeconds
          + " must be 0 or more seconds");
    }
    if (recoveryWindowSeconds > 0 && sources == 0) {
      throw usage("--recovery-window needs -S/--spec-path, -c/--config or -p/--control-plane-uri:"
          + " a recovery fetches the config again from there");
    }
    Optional<Path> postgres = Optional.ofNullable(pgbin)
        .or(() -> Optional.ofNullable(env.get(POSTGRES_PATH_ENV))
            .filter(s -> !s.isBlank()).map(Path::of));
    // Errors name what the user set: the flag, or the variable when no flag was given.
    String pgbinSetting = pgbin != null ? "-b/--pgbin" : POSTGRES_PATH_ENV;
    postgres.ifPresent(path -> checkPgbin(path, pgbinSetting));
    if (pgbackrestConfig != null && !Files.isReadable(pgbackrestConfig)) {
      throw usage("--pgbackrest-config " + pgbackrestConfig + " is not a readable file");
    }
    if (pgSocketDir != null && !Files.isDirectory(pgSocketDir)) {
      throw usage("--pg-socket-dir " + pgSocketDir + " is not a directory");
    }
    return new LaunchOptions(action, Optional.ofNullable(pgdata),
        Optional.ofNullable(connstr).map(this::postgresUrl), Optional.ofNullable(specPath),
        Optional.ofNullable(configPath), controlPlane, postgres, pgbinSetting, id, externalHttpPort,
        internalHttpPort, privilegedRoleName, Optional.ofNullable(pgPort),
        Duration.ofSeconds(recoveryWindowSeconds),
        templateCache != null ? templateCache : DefaultPaths.templateCache(env),
        logFormat, logLevel(), enableFailpoints, Optional.ofNullable(pgbackrestConfig),
        Duration.ofSeconds(controlPlaneRetrySeconds),
        Duration.ofSeconds(failedStartExitDelaySeconds), Optional.ofNullable(pgSocketDir));
  }

  private Level logLevel() {
    try {
      return LogSetup.level(env);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private void checkPgbin(Path path, String setting) {
    Path name = path.getFileName();
    if (name == null || !name.toString().endsWith("postgres")) {
      throw usage(setting + " must be the path of the postgres binary (ending in `postgres`),"
          + " got " + path);
    }
  }

  private void checkPort(String flag, int port, int min) {
    if (port < min || port > 65535) {
      throw usage(flag + " " + port + " is not a port (" + min + "-65535)");
    }
  }

  private URI postgresUrl(String text) {
    URI uri = parseUri("-C/--connstr", text);
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw usage("-C/--connstr must be a postgresql:// URL, got scheme '" + uri.getScheme()
          + "'");
    }
    if (uri.getHost() == null) {
      throw usage("-C/--connstr needs a host, e.g. postgresql://cloud_admin@127.0.0.1:5432/"
          + "postgres");
    }
    return uri;
  }

  private URI httpUrl(String text) {
    URI uri = parseUri("-p/--control-plane-uri", text);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw usage("-p/--control-plane-uri must be an http:// or https:// URL, got " + text);
    }
    return uri;
  }

  private URI parseUri(String flag, String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      // The message of URISyntaxException quotes the input; a connstr may hold a password.
      throw usage(flag + " is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
    }
  }

  private UsageException usage(String message) {
    return new UsageException(message);
  }

  private static void printHelp(Options flags, PrintWriter out) {
    HelpFormatter help = new HelpFormatter();
    help.setSyntaxPrefix("Usage: ");
    help.setLongOptSeparator("=");
    help.setOptionComparator(null);
    help.printHelp(out, HELP_WIDTH, SYNOPSIS, DESCRIPTION, flags, 2, 3, FOOTER, false);
    out.flush();
  }

  /** {@code --version}: the version of the launcher's jar. */
  static String version() {
    String version = ComputeCtlCommand.class.getPackage().getImplementationVersion();
    return "compute_ctl " + (version != null ? version : "(development build)");
  }
}
