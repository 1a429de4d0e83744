package dev.computectl.launcher;

import ch.qos.logback.classic.Level;
import dev.computectl.launcher.LaunchOptions.Action;
import dev.computectl.launcher.LogSetup.LogFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code compute_ctl} command line. Parsing and the rules between flags live here; what each
 * action does lives behind {@link Actions}, so the command line is testable without Postgres.
 */
@Command(
    name = "compute_ctl",
    mixinStandardHelpOptions = true,
    versionProvider = ComputeCtlCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    synopsisHeading = "Usage: ",
    customSynopsis = "compute_ctl [OPTIONS] -D <dir> [-S <file> | -c <file> | -p <url> -i <id>]",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    description = {
        "Owns one Postgres compute: prepares PGDATA with a fresh initdb, writes postgresql.conf,"
            + " starts Postgres, creates the spec's roles and databases, and serves the compute"
            + " HTTP API until Postgres exits.",
        "",
        "The spec comes from -S (a bare spec file), -c (a config file) or -p (a control plane)."
            + " With none of them the compute starts `empty` and waits for POST /configure."},
    footer = {
        "Environment:",
        "  POSTGRES_PATH             default of --pgbin (the postgres binary)",
        "  COMPUTE_PG_BIN            Postgres bin directory, used without --pgbin and"
            + " POSTGRES_PATH",
        "  PATH                      where pg_config (to find Postgres), pgbackrest and setpriv"
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
        "  compute_ctl -D /tmp/pgdata -S examples/spec.json"})
final class ComputeCtlCommand implements Callable<Integer> {

  private static final Pattern PRIVILEGED_ROLE = Pattern.compile("^[a-z_]+$");
  static final String DEFAULT_COMPUTE_ID = "compute";
  /** The environment variable Neon's compute_ctl takes as the default of {@code --pgbin}. */
  static final String POSTGRES_PATH_ENV = "POSTGRES_PATH";

  /** What each action does; the production implementation is {@link ComputeCtlMain}. */
  interface Actions {
    int run(LaunchOptions options) throws Exception;

    int checkConfig(LaunchOptions options) throws Exception;

    int printPlan(LaunchOptions options) throws Exception;
  }

  @Spec CommandSpec spec;

  @Option(names = {"-D", "--pgdata"}, paramLabel = "<dir>",
      description = "Data directory. DELETED and recreated on every start (a postgres still"
          + " running on it is stopped first with a fast shutdown). Required to start a compute.")
  Path pgdata;

  @Option(names = {"-C", "--connstr"}, paramLabel = "<url>",
      description = "URL compute_ctl uses for its own Postgres sessions (default:"
          + " postgresql://cloud_admin@127.0.0.1:<port>/postgres, <port> from --pg-port or the"
          + " spec's `port` setting, else 5432). Its user is the superuser initdb creates.")
  String connstr;

  @Option(names = {"-S", "--spec-path"}, paramLabel = "<file>",
      description = "A bare compute spec (JSON). Conflicts with -c and -p.")
  Path specPath;

  @Option(names = {"-c", "--config"}, paramLabel = "<file>",
      description = "A ComputeConfig file ({\"spec\": ..., \"compute_ctl_config\": ...}), read again"
          + " on every refresh. Conflicts with -S and -p.")
  Path configPath;

  @Option(names = {"-b", "--pgbin"}, paramLabel = "<path>",
      description = "Path of the postgres binary; the other Postgres programs come from its"
          + " directory (default: $POSTGRES_PATH, else found: the directory $COMPUTE_PG_BIN,"
          + " pg_config on PATH, the newest /usr/lib/postgresql/*/bin).")
  Path pgbin;

  @Option(names = {"-i", "--compute-id"}, paramLabel = "<id>",
      description = "Compute id: checked against the JWT compute_id claim and used in the"
          + " control-plane URL. Required with -p; otherwise defaults to `"
          + DEFAULT_COMPUTE_ID + "`.")
  String computeId;

  @Option(names = {"-p", "--control-plane-uri"}, paramLabel = "<url>",
      description = "Control-plane base URL; the config is fetched from"
          + " {url}/compute/api/v2/computes/{compute-id}/spec. Conflicts with -S and -c.")
  String controlPlaneUri;

  @Option(names = "--control-plane-retry-seconds", paramLabel = "<seconds>",
      defaultValue = "60",
      description = "How long the startup fetch from the control plane (-p) keeps retrying 5xx"
          + " answers, timeouts and connection errors, with a backoff from 100 ms doubling up to"
          + " 5 s (default: ${DEFAULT-VALUE}). A 4xx answer or a compute the control plane"
          + " detached fails at once. Both HTTP servers answer meanwhile (status `init`).")
  long controlPlaneRetrySeconds;

  @Option(names = "--external-http-port", paramLabel = "<port>", defaultValue = "3080",
      description = "Port of the external HTTP server (JWT-protected API and metrics; default:"
          + " ${DEFAULT-VALUE}; 0 picks a free port).")
  int externalHttpPort;

  @Option(names = "--internal-http-port", paramLabel = "<port>", defaultValue = "3081",
      description = "Port of the internal HTTP server, bound to loopback only (default:"
          + " ${DEFAULT-VALUE}; 0 picks a free port).")
  int internalHttpPort;

  @Option(names = "--privileged-role-name", paramLabel = "<name>",
      defaultValue = "neon_superuser",
      description = "Name of the role that gets the privileges a compute user may have"
          + " (default: ${DEFAULT-VALUE}). Must match ^[a-z_]+$.")
  String privilegedRoleName;

  @Option(names = "--pg-port", paramLabel = "<port>",
      description = "Overrides the spec's `port` setting (and the default --connstr port).")
  Integer pgPort;

  @Option(names = "--recovery-window", paramLabel = "<seconds>", defaultValue = "0",
      description = "After a failed start or a postmaster that exited on its own, stay `failed`"
          + " this long so a refresh (POST /refresh_configuration) can fetch the config again and"
          + " start Postgres in place (default: ${DEFAULT-VALUE}: exit with the postmaster, as the"
          + " reference does). Needs -S, -c or -p.")
  long recoveryWindowSeconds;

  @Option(names = "--failed-start-exit-delay", paramLabel = "<seconds>", defaultValue = "30",
      description = "After a failed start, keep both HTTP servers up this long (status `failed`,"
          + " the error in /status) so a control plane can read why, then exit 1 (default:"
          + " ${DEFAULT-VALUE}, as the reference does; 0 exits at once). A POST /terminate or"
          + " SIGTERM ends the wait early. Counted after --recovery-window, if any.")
  long failedStartExitDelaySeconds;

  @Option(names = "--enable-failpoints",
      description = "Testing only: accept POST /failpoints on the internal server, so a test can"
          + " make an apply, a reload or a spec fetch fail or stall (Neon's testing builds have"
          + " this route). Off by default: the route answers 412.")
  boolean enableFailpoints;

  @Option(names = "--template-cache", paramLabel = "<dir>",
      description = "Where initdb templates are kept, so later starts copy instead of running"
          + " initdb (default: $XDG_CACHE_HOME/compute_ctl/templates or"
          + " ~/.cache/compute_ctl/templates; as root, <tmpdir>/compute_ctl-templates, because"
          + " the postgres user must be able to read it).")
  Path templateCache;

  @Option(names = "--pgbackrest-config", paramLabel = "<file>",
      description = "Keep the compute's data in the pgBackRest repository this config file names"
          + " (stanza: the spec's timeline_id): a Primary restores from it on every start and"
          + " archives its WAL there, a Static compute reads its LSN from it. The spec must carry"
          + " timeline_id. Needs the pgbackrest program (Debian package pgbackrest).")
  Path pgbackrestConfig;

  @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
      description = "Log lines on stderr as readable text (default) or JSON lines.")
  LogFormat logFormat;

  @Option(names = "--check-config",
      description = "Parse and validate the spec (-S) or config (-c), print every problem with"
          + " its JSON path, exit 0 or 1. Starts nothing.")
  boolean checkConfig;

  @Option(names = "--print-plan",
      description = "Read the catalog of the running Postgres at --connstr and print the SQL the"
          + " spec (-S or -c) would run. Executes nothing.")
  boolean printPlan;

  private final Map<String, String> env;
  private final Actions actions;

  ComputeCtlCommand(Map<String, String> env, Actions actions) {
    this.env = Map.copyOf(env);
    this.actions = Objects.requireNonNull(actions, "actions");
  }

  @Override
  public Integer call() throws Exception {
    LaunchOptions options = options();
    return switch (options.action()) {
      case RUN -> actions.run(options);
      case CHECK_CONFIG -> actions.checkConfig(options);
      case PRINT_PLAN -> actions.printPlan(options);
    };
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
    return new LaunchOptions(action, Optional.ofNullable(pgdata),
        Optional.ofNullable(connstr).map(this::postgresUrl), Optional.ofNullable(specPath),
        Optional.ofNullable(configPath), controlPlane, postgres, pgbinSetting, id, externalHttpPort,
        internalHttpPort, privilegedRoleName, Optional.ofNullable(pgPort),
        Duration.ofSeconds(recoveryWindowSeconds),
        templateCache != null ? templateCache : DefaultPaths.templateCache(env),
        logFormat, logLevel(), enableFailpoints, Optional.ofNullable(pgbackrestConfig),
        Duration.ofSeconds(controlPlaneRetrySeconds),
        Duration.ofSeconds(failedStartExitDelaySeconds));
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

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Builds the picocli command line with compute_ctl's conventions for usage errors. */
  static CommandLine commandLine(Map<String, String> env, Actions actions) {
    CommandLine cli = new CommandLine(new ComputeCtlCommand(env, actions));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((e, args) -> {
      // One line naming the problem, not the whole usage text.
      e.getCommandLine().getErr().println("compute_ctl: " + e.getMessage()
          + " (see compute_ctl --help)");
      return ExitCode.USAGE;
    });
    return cli;
  }

  /** {@code --version}: the version of the launcher's jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ComputeCtlCommand.class.getPackage().getImplementationVersion();
      return new String[] {"compute_ctl " + (version != null ? version : "(development build)")};
    }
  }
}
