package dev.computectl.core.internal.postgres;

import dev.computectl.spec.ComputeAudit;
import dev.computectl.spec.ComputeMode;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.GenericOption;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Writes {@code postgresql.conf} for a vanilla Postgres compute, in Neon's order: the spec's
 * {@code postgresql_conf}, storage placeholders, locale, mode, the managed settings block, audit, then our runtime lines, and {@code include_if_exists} for the temporary
 * override file last. The file is replaced atomically.
 *
 * <p>{@code neon.*} lines are harmless on vanilla Postgres: any dotted name is accepted as a
 * placeholder setting. Preload libraries that are not installed are dropped (with a warning),
 * because Postgres would refuse to start.
 */
public final class PostgresConfWriter {

  public static final String OVERRIDE_FILE = "compute_ctl_temp_override.conf";
  public static final String CONFIG_HASH_GUC = "compute_ctl.config_hash";
  static final String BEGIN_MANAGED = "# Managed by compute_ctl: begin";
  static final String END_MANAGED = "# Managed by compute_ctl: end";

  /** Writes PGDATA/postgresql.conf. */
  public ConfWriteResult write(Path pgdata, ComputeSpec spec, ConfParams params)
      throws IOException {
    return write(pgdata, spec, params, List.of());
  }

  /**
   * Writes PGDATA/postgresql.conf with the lines the compute's storage needs, placed before the
   * spec's own settings so that a spec setting of the same name wins.
   */
  public ConfWriteResult write(Path pgdata, ComputeSpec spec, ConfParams params,
      List<String> storageLines) throws IOException {
    return write(pgdata, spec, params, storageLines, false);
  }

  /**
   * As {@link #write(Path, ComputeSpec, ConfParams, List)}; {@code tls} turns on SSL with the
   * {@code server.crt} and {@code server.key} in PGDATA (where Neon puts these lines, so a spec
   * setting of the same name still wins).
   */
  public ConfWriteResult write(Path pgdata, ComputeSpec spec, ConfParams params,
      List<String> storageLines, boolean tls) throws IOException {
    List<String> warnings = new ArrayList<>();
    OptionalInt port = resolvePort(spec, params.connstr());
    String body = render(spec, params, port, warnings, storageLines, tls);
    String hash = sha256(body).substring(0, 16);
    String text = body
        + CONFIG_HASH_GUC + " = '" + hash + "'\n"
        + "include_if_exists = '" + OVERRIDE_FILE + "'\n";
    Path file = pgdata.resolve("postgresql.conf");
    writeAtomically(file, text);
    return new ConfWriteResult(file, hash, port, warnings);
  }

  /** Replaces the temporary override file (an empty string empties it). */
  public void writeOverride(Path pgdata, String content) throws IOException {
    writeAtomically(pgdata.resolve(OVERRIDE_FILE), content);
  }

  String render(ComputeSpec spec, ConfParams params, OptionalInt port, List<String> warnings) {
    return render(spec, params, port, warnings, List.of());
  }

  String render(ComputeSpec spec, ConfParams params, OptionalInt port, List<String> warnings,
      List<String> storageLines) {
    return render(spec, params, port, warnings, storageLines, false);
  }

  String render(ComputeSpec spec, ConfParams params, OptionalInt port, List<String> warnings,
      List<String> storageLines, boolean tls) {
    StringBuilder out = new StringBuilder();
    String extra = spec.cluster().postgresqlConf();
    if (extra != null) {
      out.append(extra).append('\n');
    }
    out.append("# Neon storage settings\n\n");
    storage(spec, out);
    if (tls) {
      out.append("ssl = on\nssl_cert_file = '").append(TlsFiles.SERVER_CRT)
          .append("'\nssl_key_file = '").append(TlsFiles.SERVER_KEY).append("'\n");
    }
    out.append("lc_messages='C.UTF-8'\nlc_monetary='C.UTF-8'\nlc_time='C.UTF-8'\n"
        + "lc_numeric='C.UTF-8'\n");
    mode(spec.mode(), out);
    if (params.strictOvercommit()) {
      out.append("dynamic_shared_memory_type = mmap\n");
    }
    if (!storageLines.isEmpty()) {
      out.append("# compute_ctl storage settings\n");
      storageLines.forEach(line -> out.append(line).append('\n'));
    }
    if (params.privilegedRoleName() != null) {
      out.append("neon.privileged_role_name=").append(quote(params.privilegedRoleName()))
          .append('\n');
    }
    List<GenericOption> settings = spec.cluster().settings();
    if (settings != null) {
      out.append(BEGIN_MANAGED).append('\n');
      for (GenericOption option : settings) {
        out.append(settingLine(preloadChecked(option, params.pkglibdir(), warnings))).append('\n');
      }
      out.append(END_MANAGED).append('\n');
    }
    audit(spec, params.pkglibdir(), warnings, out);
    out.append("# compute_ctl runtime settings\n");
    port.ifPresent(p -> out.append("port = ").append(p).append('\n'));
    out.append("listen_addresses = ").append(quote(params.listenAddresses())).append('\n');
    if (params.unixSocketDirectory() != null) {
      out.append("unix_socket_directories = ")
          .append(quote(params.unixSocketDirectory().toString())).append('\n');
    }
    if (params.internalHttpPort() != null) {
      // Without the neon extension nobody reads it; keep it visible under our own prefix.
      boolean neon = params.pkglibdir() != null && installed(params.pkglibdir(), "neon");
      out.append(neon ? "neon.extension_server_port=" : "compute_ctl.extension_server_port=")
          .append(params.internalHttpPort()).append('\n');
    }
    out.append("neon.disable_logical_replication_subscribers=")
        .append(spec.dropSubscriptionsBeforeStart()).append('\n');
    if (spec.logsExportHost() != null) {
      out.append("log_destination='stderr,syslog'\n");
    }
    return out.toString();
  }

  private static void storage(ComputeSpec spec, StringBuilder out) {
    if (spec.pageserverConnectionInfo() != null) {
      out.append("# pageserver_connection_info is set; vanilla Postgres has no pageserver\n");
    } else {
      if (spec.shardStripeSize() != null) {
        out.append("neon.stripe_size=").append(spec.shardStripeSize()).append('\n');
      }
      if (spec.pageserverConnstring() != null) {
        out.append("neon.pageserver_connstring=").append(quote(spec.pageserverConnstring()))
            .append('\n');
      }
    }
    if (!spec.safekeeperConnstrings().isEmpty()) {
      String generation = spec.safekeepersGeneration() == null
          ? "" : "g#" + spec.safekeepersGeneration() + ":";
      out.append("neon.safekeepers=")
          .append(quote(generation + String.join(",", spec.safekeeperConnstrings())))
          .append('\n');
    }
    idLine(out, "neon.tenant_id", spec.tenantId());
    idLine(out, "neon.timeline_id", spec.timelineId());
    idLine(out, "neon.project_id", spec.projectId());
    idLine(out, "neon.branch_id", spec.branchId());
    idLine(out, "neon.endpoint_id", spec.endpointId());
  }

  private static void idLine(StringBuilder out, String name, String value) {
    if (value != null) {
      out.append(name).append('=').append(quote(value)).append('\n');
    }
  }

  private static void mode(ComputeMode mode, StringBuilder out) {
    out.append("neon.compute_mode=").append(mode.settingName()).append('\n');
    if (mode instanceof ComputeMode.Static s) {
      out.append("hot_standby=on\nrecovery_target_lsn='").append(s.lsn()).append("'\n");
    } else if (mode instanceof ComputeMode.Replica) {
      out.append("hot_standby=on\n");
    }
  }

  private static void audit(ComputeSpec spec, Path pkglibdir, List<String> warnings,
      StringBuilder out) {
    ComputeAudit level = spec.auditLogLevel();
    if (level == ComputeAudit.Disabled) {
      return;
    }
    boolean basic = level == ComputeAudit.Log || level == ComputeAudit.Base;
    List<String> needed = basic ? List.of("pgaudit") : List.of("pgaudit", "pgauditlogtofile");
    if (pkglibdir != null && !needed.stream().allMatch(lib -> installed(pkglibdir, lib))) {
      warnings.add("audit_log_level " + level + " ignored: " + needed + " not installed in "
          + pkglibdir);
      return;
    }
    String base = spec.cluster().setting("shared_preload_libraries").orElse("neon");
    List<String> preload = new ArrayList<>(libraries(base));
    preload.addAll(needed);
    if (pkglibdir != null) {
      preload.removeIf(lib -> !installed(pkglibdir, lib));
    }
    out.append("# Audit settings: begin\n");
    if (basic) {
      out.append("pgaudit.log='ddl,role'\npgaudit.log_catalog=off\n");
    } else {
      boolean full = level == ComputeAudit.Full;
      out.append("pgaudit.log_parameter=").append(full ? "on" : "off").append('\n')
          .append("pgaudit.log=").append(full ? "'all'" : "'all, -misc'").append('\n')
          .append("pgaudit.log_catalog=off\npgaudit.log_rotation_age=5\n");
    }
    out.append("shared_preload_libraries=").append(quote(String.join(",", preload))).append('\n');
    out.append("# Audit settings: end\n");
  }

  /** No value -> name; vartype string -> quoted; otherwise raw. */
  static String settingLine(GenericOption option) {
    if (option.value() == null) {
      return option.name();
    }
    return option.name() + " = " + (option.isStringType() ? quote(option.value()) : option.value());
  }

  /** Single quotes around, every quote and backslash doubled. */
  static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  private static GenericOption preloadChecked(GenericOption option, Path pkglibdir,
      List<String> warnings) {
    if (pkglibdir == null || option.value() == null
        || !option.name().equals("shared_preload_libraries")) {
      return option;
    }
    List<String> kept = new ArrayList<>();
    for (String lib : libraries(option.value())) {
      if (installed(pkglibdir, lib)) {
        kept.add(lib);
      } else {
        warnings.add("shared_preload_libraries: dropped '" + lib + "', not installed in "
            + pkglibdir);
      }
    }
    return new GenericOption(option.name(), String.join(",", kept), option.vartype());
  }

  static List<String> libraries(String value) {
    List<String> libs = new ArrayList<>();
    for (String part : value.split(",")) {
      String lib = part.strip();
      if (lib.length() >= 2 && lib.startsWith("\"") && lib.endsWith("\"")) {
        lib = lib.substring(1, lib.length() - 1);
      }
      if (!lib.isEmpty()) {
        libs.add(lib);
      }
    }
    return libs;
  }

  /** Whether Postgres could load {@code lib}: a path, {@code $libdir/x}, or a bare name. */
  static boolean installed(Path pkglibdir, String lib) {
    String name = lib.startsWith("$libdir/") ? lib.substring("$libdir/".length()) : lib;
    Path path = name.startsWith("/") ? Path.of(name) : pkglibdir.resolve(name);
    if (Files.isRegularFile(path)) {
      return true;
    }
    return !name.endsWith(".so") && Files.isRegularFile(path.resolveSibling(
        path.getFileName() + ".so"));
  }

  /**
   * The port: the spec's {@code port} setting or the connstr's port; both present and different
   * is an error.
   */
  static OptionalInt resolvePort(ComputeSpec spec, String connstr) {
    Optional<String> fromSpec = spec.cluster().setting("port");
    OptionalInt specPort = OptionalInt.empty();
    if (fromSpec.isPresent()) {
      try {
        specPort = OptionalInt.of(Integer.parseInt(fromSpec.get().strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "cluster.settings: port '" + fromSpec.get() + "' is not a number");
      }
    }
    OptionalInt connPort = connstr == null ? OptionalInt.empty() : connstrPort(connstr);
    if (specPort.isPresent() && connPort.isPresent()
        && specPort.getAsInt() != connPort.getAsInt()) {
      throw new IllegalArgumentException("cluster.settings: port " + specPort.getAsInt()
          + " conflicts with port " + connPort.getAsInt() + " of the connection string");
    }
    return specPort.isPresent() ? specPort : connPort;
  }

  static OptionalInt connstrPort(String connstr) {
    try {
      int port = new URI(connstr).getPort();
      return port > 0 ? OptionalInt.of(port) : OptionalInt.empty();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("connection string is not a URI: " + e.getMessage());
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8))).toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void writeAtomically(Path file, String text) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
