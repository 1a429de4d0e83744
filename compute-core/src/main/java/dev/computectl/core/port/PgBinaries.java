package dev.computectl.core.port;

import dev.computectl.core.internal.io.ToolRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Postgres installation: the directory holding {@code postgres}, {@code initdb}, {@code
 * pg_ctl} and friends, and its version. Only majors 14 to 18 are accepted.
 */
public final class PgBinaries {

  public static final int OLDEST_MAJOR = 14;
  public static final int NEWEST_MAJOR = 18;

  private static final Pattern VERSION =
      Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?(\\S*)");
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

  private final Path binDir;
  private final int majorVersion;
  private final String version;
  private volatile Path pkglibdir;

  public PgBinaries(Path binDir, int majorVersion, String version) {
    this.binDir = Objects.requireNonNull(binDir, "binDir").toAbsolutePath().normalize();
    this.majorVersion = majorVersion;
    this.version = Objects.requireNonNull(version, "version");
  }

  /** The environment variable naming a bin directory, checked after an explicit binary. */
  public static final String BIN_DIR_ENV = "COMPUTE_PG_BIN";

  /** {@link #locate(Path, String, Map)} for a binary given as {@code --pgbin}. */
  public static PgBinaries locate(Path pgbinHint, Map<String, String> env) {
    return locate(pgbinHint, "--pgbin", env);
  }

  /**
   * Finds the installation: the directory of {@code pgbin} (which must name the {@code postgres}
   * binary), else {@value #BIN_DIR_ENV}, else {@code pg_config --bindir} on PATH, else the newest
   * {@code /usr/lib/postgresql/<major>/bin}. A setting that is given but wrong is an error naming
   * it and its value, never a reason to look further.
   *
   * @param pgbin the postgres binary the user named, or null
   * @param setting how the user named it, for errors: a flag ({@code --pgbin}) or an
   *     environment variable ({@code POSTGRES_PATH})
   * @param env the environment to read {@value #BIN_DIR_ENV} and {@code PATH} from
   * @throws PostgresSetupException when nothing usable is found or the version is not supported
   */
  public static PgBinaries locate(Path pgbin, String setting, Map<String, String> env) {
    Objects.requireNonNull(setting, "setting");
    if (pgbin != null) {
      String given = given(setting, pgbin.toString());
      Path name = pgbin.getFileName();
      if (name == null || !name.toString().endsWith("postgres")) {
        throw new PostgresSetupException(
            given + ": must be the path of the postgres binary (ending in postgres)");
      }
      if (!Files.isExecutable(pgbin)) {
        throw new PostgresSetupException(given + ": is not an executable file");
      }
      return named(given, pgbin.toAbsolutePath().getParent());
    }
    String fromEnv = env.get(BIN_DIR_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return named(given(BIN_DIR_ENV, fromEnv), Path.of(fromEnv));
    }
    Optional<Path> fromPgConfig = pgConfigBindir(env);
    if (fromPgConfig.isPresent()) {
      return of(fromPgConfig.get());
    }
    Optional<Path> debian = newestDebianBindir(Path.of("/usr/lib/postgresql"));
    if (debian.isPresent()) {
      return of(debian.get());
    }
    throw new PostgresSetupException(
        "no Postgres found: pass --pgbin, set " + BIN_DIR_ENV + " to a bin directory, put"
            + " pg_config on PATH or install /usr/lib/postgresql/<major>/bin");
  }

  /** {@code --pgbin /x} for a flag, {@code POSTGRES_PATH=/x} for an environment variable. */
  private static String given(String setting, String value) {
    return setting.startsWith("-") ? setting + " " + value : setting + "=" + value;
  }

  private static PgBinaries named(String given, Path binDir) {
    try {
      return of(binDir);
    } catch (PostgresSetupException e) {
      throw new PostgresSetupException(given + ": " + e.getMessage(), e);
    }
  }

  /** The installation in {@code binDir}, its version as {@code postgres --version} prints it. */
  public static PgBinaries of(Path binDir) {
    Path postgres = binDir.resolve("postgres");
    if (!Files.isExecutable(postgres)) {
      throw new PostgresSetupException("no executable postgres in " + binDir);
    }
    // The binary carries the line --version prints; only a binary without it costs a process.
    String output = EmbeddedVersion.of(postgres).orElse(null);
    if (output == null) {
      try {
        output = ToolRunner.run(List.of(postgres.toString(), "--version"), Map.of(), TOOL_TIMEOUT);
      } catch (IOException e) {
        throw new PostgresSetupException("cannot run " + postgres + " --version", e);
      }
    }
    String version = versionText(output);
    int major = parseMajor(output);
    checkSupported(major, binDir);
    return new PgBinaries(binDir, major, version);
  }

  /** The major version in {@code postgres --version} or {@code pg_config --version} output. */
  static int parseMajor(String versionOutput) {
    Matcher m = VERSION.matcher(versionOutput);
    if (!m.find()) {
      throw new PostgresSetupException("cannot read a Postgres version from '"
          + versionOutput.strip() + "'");
    }
    int first = Integer.parseInt(m.group(1));
    // Before 10 the major was two numbers (9.6); all of those are unsupported anyway.
    return first;
  }

  static String versionText(String versionOutput) {
    Matcher m = VERSION.matcher(versionOutput);
    if (!m.find()) {
      throw new PostgresSetupException("cannot read a Postgres version from '"
          + versionOutput.strip() + "'");
    }
    return versionOutput.substring(m.start(1)).strip();
  }

  static void checkSupported(int major, Path where) {
    if (major < OLDEST_MAJOR || major > NEWEST_MAJOR) {
      throw new PostgresSetupException(
          "Postgres " + major + " in " + where + " is not supported: need major "
              + OLDEST_MAJOR + " to " + NEWEST_MAJOR);
    }
  }

  private static Optional<Path> pgConfigBindir(Map<String, String> env) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path pgConfig = Path.of(dir, "pg_config");
      if (Files.isExecutable(pgConfig)) {
        try {
          String out = ToolRunner.run(List.of(pgConfig.toString(), "--bindir"), Map.of(),
              TOOL_TIMEOUT);
          Path bindir = Path.of(out.strip());
          if (Files.isExecutable(bindir.resolve("postgres"))) {
            return Optional.of(bindir);
          }
        } catch (IOException | RuntimeException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  static Optional<Path> newestDebianBindir(Path root) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> majors = Files.list(root)) {
      return majors
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .filter(p -> Files.isExecutable(p.resolve("bin/postgres")))
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
          .map(p -> p.resolve("bin"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public Path binDir() {
    return binDir;
  }

  public int majorVersion() {
    return majorVersion;
  }

  /** The version as Postgres prints it, for example {@code 15.18 (Debian 15.18-0+deb12u1)}. */
  public String version() {
    return version;
  }

  /** A program of this installation, for example {@code tool("initdb")}. */
  public Path tool(String name) {
    return binDir.resolve(name);
  }

  public Path postgres() {
    return tool("postgres");
  }

  /**
   * Where extension libraries live: {@code pg_config --pkglibdir} when this installation has
   * pg_config, else {@code ../lib/postgresql} or {@code ../lib} next to the bin directory.
   */
  public Path pkglibdir() {
    Path cached = pkglibdir;
    if (cached == null) {
      cached = findPkglibdir();
      pkglibdir = cached;
    }
    return cached;
  }

  private Path findPkglibdir() {
    Path pgConfig = tool("pg_config");
    if (Files.isExecutable(pgConfig)) {
      try {
        return Path.of(ToolRunner.run(List.of(pgConfig.toString(), "--pkglibdir"), Map.of(),
            TOOL_TIMEOUT).strip());
      } catch (IOException e) {
        // fall through to the layout guess
      }
    }
    Path lib = binDir.resolveSibling("lib");
    Path nested = lib.resolve("postgresql");
    return Files.isDirectory(nested) && Files.exists(nested.resolve("plpgsql.so")) ? nested : lib;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PgBinaries other
        && binDir.equals(other.binDir)
        && majorVersion == other.majorVersion
        && version.equals(other.version);
  }

  @Override
  public int hashCode() {
    return Objects.hash(binDir, majorVersion, version);
  }

  @Override
  public String toString() {
    return "Postgres " + version + " in " + binDir;
  }
}
