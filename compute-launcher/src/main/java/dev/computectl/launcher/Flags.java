package dev.computectl.launcher;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** Every flag of {@code compute_ctl}, in the order {@code --help} lists them. */
final class Flags {

  private Flags() {}

  /** A new set each time: commons-cli's Options are mutable, and many computes share a JVM. */
  static Options all() {
    Options o = new Options();
    value(o, "D", "pgdata", "dir", "Data directory. DELETED and recreated on every start (a"
        + " postgres still running on it is stopped first with a fast shutdown). Required to"
        + " start a compute.");
    value(o, "C", "connstr", "url", "URL compute_ctl uses for its own Postgres sessions"
        + " (default: postgresql://cloud_admin@127.0.0.1:<port>/postgres, <port> from --pg-port"
        + " or the spec's `port` setting, else 5432). Its user is the superuser initdb creates.");
    value(o, "S", "spec-path", "file", "A bare compute spec (JSON). Conflicts with -c and -p.");
    value(o, "c", "config", "file", "A ComputeConfig file ({\"spec\": ...,"
        + " \"compute_ctl_config\": ...}), read again on every refresh. Conflicts with -S and -p.");
    value(o, "b", "pgbin", "path", "Path of the postgres binary; the other Postgres programs"
        + " come from its directory (default: $POSTGRES_PATH, else found: the directory"
        + " $COMPUTE_PG_BIN, pg_config on PATH, the newest /usr/lib/postgresql/*/bin).");
    value(o, "i", "compute-id", "id", "Compute id: checked against the JWT compute_id claim"
        + " and used in the control-plane URL. Required with -p; otherwise defaults to `"
        + ComputeCtlCommand.DEFAULT_COMPUTE_ID + "`.");
    value(o, "p", "control-plane-uri", "url", "Control-plane base URL; the config is fetched"
        + " from {url}/compute/api/v2/computes/{compute-id}/spec. Conflicts with -S and -c.");
    value(o, null, "control-plane-retry-seconds", "seconds", "How long the startup fetch from"
        + " the control plane (-p) keeps retrying 5xx answers, timeouts and connection errors,"
        + " with a backoff from 100 ms doubling up to 5 s (default: 60). A 4xx answer or a"
        + " compute the control plane detached fails at once. Both HTTP servers answer meanwhile"
        + " (status `init`).");
    value(o, null, "external-http-port", "port", "Port of the external HTTP server"
        + " (JWT-protected API and metrics; default: 3080; 0 picks a free port).");
    value(o, null, "internal-http-port", "port", "Port of the internal HTTP server, bound to"
        + " loopback only (default: 3081; 0 picks a free port).");
    value(o, null, "privileged-role-name", "name", "Name of the role that gets the privileges"
        + " a compute user may have (default: neon_superuser). Must match ^[a-z_]+$.");
    value(o, null, "pg-port", "port",
        "Overrides the spec's `port` setting (and the default --connstr port).");
    value(o, null, "recovery-window", "seconds", "After a failed start or a postmaster that"
        + " exited on its own, stay `failed` this long so a refresh (POST /refresh_configuration)"
        + " can fetch the config again and start Postgres in place (default: 0: exit with the"
        + " postmaster, as the reference does). Needs -S, -c or -p.");
    value(o, null, "failed-start-exit-delay", "seconds", "After a failed start, keep both HTTP"
        + " servers up this long (status `failed`, the error in /status) so a control plane can"
        + " read why, then exit 1 (default: 30, as the reference does; 0 exits at once). A POST"
        + " /terminate or SIGTERM ends the wait early. Counted after --recovery-window, if any.");
    flag(o, null, "enable-failpoints", "Testing only: accept POST /failpoints on the internal"
        + " server, so a test can make an apply, a reload or a spec fetch fail or stall (Neon's"
        + " testing builds have this route). Off by default: the route answers 412.");
    value(o, null, "template-cache", "dir", "Where initdb templates are kept, so later starts"
        + " copy instead of running initdb (default: $XDG_CACHE_HOME/compute_ctl/templates or"
        + " ~/.cache/compute_ctl/templates; as root, <tmpdir>/compute_ctl-templates, because the"
        + " postgres user must be able to read it).");
    value(o, null, "pg-socket-dir", "dir", "Directory of Postgres's unix socket"
        + " (unix_socket_directories; default: the one Postgres was built with,"
        + " /var/run/postgresql on Debian). It must exist and be writable by the user Postgres"
        + " runs as. compute_ctl itself connects over TCP (--connstr).");
    value(o, null, "pgbackrest-config", "file", "Keep the compute's data in the pgBackRest"
        + " repository this config file names (stanza: the spec's timeline_id): a Primary"
        + " restores from it on every start and archives its WAL there, a Static compute reads"
        + " its LSN from it. The spec must carry timeline_id. Needs the pgbackrest program"
        + " (Debian package pgbackrest).");
    value(o, null, "log-format", "text|json",
        "Log lines on stderr as readable text (default) or JSON lines.");
    flag(o, null, "check-config", "Parse and validate the spec (-S) or config (-c), print every"
        + " problem with its JSON path, exit 0 or 1. Starts nothing.");
    flag(o, null, "print-plan", "Read the catalog of the running Postgres at --connstr and print"
        + " the SQL the spec (-S or -c) would run. Executes nothing.");
    flag(o, "h", "help", "Show this help message and exit.");
    flag(o, "V", "version", "Print version information and exit.");
    return o;
  }

  /** How an error names a flag: {@code -D/--pgdata} or {@code --pg-port}. */
  static String display(Option option) {
    return option.getOpt() != null && !option.getOpt().equals(option.getLongOpt())
        ? "-" + option.getOpt() + "/--" + option.getLongOpt() : "--" + option.getLongOpt();
  }

  private static void value(Options o, String shortName, String name, String label,
      String description) {
    o.addOption(Option.builder(shortName).longOpt(name).hasArg().argName(label)
        .desc(description).build());
  }

  private static void flag(Options o, String shortName, String name, String description) {
    o.addOption(Option.builder(shortName).longOpt(name).desc(description).build());
  }
}
