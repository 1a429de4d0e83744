package dev.computectl.testkit.postgres;

import dev.computectl.core.port.ChildProcess.ExitStatus;
import dev.computectl.core.storage.FreshStorage;
import dev.computectl.core.postgres.JdkProcessControl;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PgdataRequest;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import dev.computectl.core.port.PgdataResult;
import dev.computectl.core.postgres.PostgresRunner;
import dev.computectl.core.postgres.PostgresStartException;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.postgres.RunningPostgres;
import dev.computectl.core.port.Signal;
import dev.computectl.testkit.Ports;
import dev.computectl.testkit.WorkDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away Postgres for tests: its own temp directory under {@link WorkDirs#root()} (PGDATA
 * and the unix socket; PGDATA a copy of the template in {@link WorkDirs#templateCache()}), a free
 * port on 127.0.0.1 (never 5432), superuser {@value #ADMIN} with trust auth, {@code fsync=off}.
 * PGDATA is a copy of a cached initdb template. {@link #close()} stops it by pid (SIGINT, SIGKILL
 * after 10 s) and deletes the directory. Works as root (Postgres then runs as user postgres).
 *
 * <p>Share one per test class:
 *
 * <pre>{@code
 * static TestPostgres pg;
 * @BeforeAll static void start() throws IOException { pg = TestPostgres.start(); }
 * @AfterAll static void stop() { pg.close(); }
 * }</pre>
 *
 * or register {@link TestPostgresExtension}.
 */
public final class TestPostgres implements AutoCloseable {

  /** What a plain cluster is prepared for: a primary with no roles and no databases. */
  private static final ComputeSpec PLAIN_PRIMARY = plainPrimary();


  private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
  public static final String ADMIN = "cloud_admin";
  public static final String HOST = "127.0.0.1";
  private static final int OUTPUT_LINES_KEPT = 60;
  private static final int PORT_ATTEMPTS = 3;

  private final Path dir;
  private final Path pgdata;
  private final Path socketDir;
  private final PgBinaries binaries;
  private final PrivilegeDrop privilegeDrop;
  private final RunningPostgres running;
  private final int port;
  private final Deque<String> recentOutput;
  private final PgdataResult pgdataResult;
  private volatile boolean closed;

  private TestPostgres(Path dir, Path pgdata, Path socketDir, PgBinaries binaries,
      PrivilegeDrop privilegeDrop, RunningPostgres running, int port, Deque<String> recentOutput,
      PgdataResult pgdataResult) {
    this.dir = dir;
    this.pgdata = pgdata;
    this.socketDir = socketDir;
    this.binaries = binaries;
    this.privilegeDrop = privilegeDrop;
    this.running = running;
    this.port = port;
    this.recentOutput = recentOutput;
    this.pgdataResult = pgdataResult;
  }

  /** Starts a Postgres with the default options. */
  public static TestPostgres start() throws IOException {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for {@link TestPostgres}. */
  public static final class Builder {
    private final Map<String, String> settings = new LinkedHashMap<>();
    private PgBinaries binaries;
    private boolean useTemplateCache = true;
    private Duration readyTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** A postgresql.conf line {@code name = value}; the value is written as given. */
    public Builder setting(String name, String value) {
      settings.put(name, value);
      return this;
    }

    /** These binaries instead of the system's (or zonky's when the system has none). */
    public Builder binaries(PgBinaries pgBinaries) {
      this.binaries = pgBinaries;
      return this;
    }

    /** Zonky's binaries of this version from the local Maven repository, e.g. "17.11.0". */
    public Builder zonkyVersion(String version) {
      this.binaries = ZonkyBinaries.fromLocalRepository(version);
      return this;
    }

    /** Run initdb for this instance instead of copying the cached template. */
    public Builder withoutTemplateCache() {
      this.useTemplateCache = false;
      return this;
    }

    public Builder readyTimeout(Duration timeout) {
      this.readyTimeout = timeout;
      return this;
    }

    public TestPostgres start() throws IOException {
      PgBinaries bin = binaries != null ? binaries : defaultBinaries();
      PrivilegeDrop drop = PrivilegeDrop.detect();
      // Traversable by the run-as user; the subdirectories it writes are granted below.
      Path dir = WorkDirs.createTempDirectory("testpg-");
      try {
        Path pgdata = dir.resolve("pgdata");
        Path socketDir = Files.createDirectory(dir.resolve("sock"));
        drop.grant(socketDir);
        FreshStorage source = useTemplateCache
            ? FreshStorage.cached(WorkDirs.templateCache())
            : FreshStorage.uncached();
        PgdataResult prepared = source.prepare(new PgdataRequest(dir.getFileName().toString(),
            pgdata, PLAIN_PRIMARY, bin, drop, ADMIN));
        log.info("test postgres {}: {} in {} ms", dir, prepared.description(),
            prepared.elapsed().toMillis());
        return startOnFreePort(bin, drop, dir, pgdata, socketDir, prepared);
      } catch (IOException | RuntimeException e) {
        deleteQuietly(dir);
        throw e;
      }
    }

    private TestPostgres startOnFreePort(PgBinaries bin, PrivilegeDrop drop, Path dir,
        Path pgdata, Path socketDir, PgdataResult prepared) throws IOException {
      PostgresRunner runner = new PostgresRunner(
          new JdkProcessControl(dir.getFileName().toString()), drop);
      for (int attempt = 1; ; attempt++) {
        int port = Ports.freePort();
        writeConf(pgdata, socketDir, port);
        Deque<String> output = new ArrayDeque<>();
        try {
          RunningPostgres running = runner.start(bin, pgdata, Map.of(),
              line -> remember(output, line), readyTimeout);
          return new TestPostgres(dir, pgdata, socketDir, bin, drop, running, port, output,
              prepared);
        } catch (PostgresStartException e) {
          String text = snapshot(output);
          // Another process may take the free port between our check and the bind.
          if (attempt < PORT_ATTEMPTS && text.contains("could not bind")) {
            continue;
          }
          throw new IOException(e.getMessage() + "; postgres said:\n" + text, e);
        }
      }
    }

    private void writeConf(Path pgdata, Path socketDir, int port) throws IOException {
      StringBuilder conf = new StringBuilder()
          .append("port = ").append(port).append('\n')
          .append("listen_addresses = '").append(HOST).append("'\n")
          .append("unix_socket_directories = '").append(socketDir).append("'\n")
          .append("fsync = off\n")
          .append("synchronous_commit = off\n")
          .append("full_page_writes = off\n");
      settings.forEach((k, v) -> conf.append(k).append(" = ").append(v).append('\n'));
      Files.writeString(pgdata.resolve("postgresql.conf"), conf);
    }
  }

  /**
   * The system's Postgres if there is one, else the zonky binaries on the classpath, else an error
   * that says what to install or add.
   */
  static PgBinaries defaultBinaries() {
    String forced = System.getProperty("computectl.test.pg", System.getenv("COMPUTECTL_TEST_PG"));
    if ("zonky".equals(forced)) {
      return ZonkyBinaries.fromClasspath();
    }
    return ZonkyBinaries.systemOrClasspath();
  }

  private static void remember(Deque<String> output, String line) {
    log.debug("{}", line);
    synchronized (output) {
      output.addLast(line);
      while (output.size() > OUTPUT_LINES_KEPT) {
        output.removeFirst();
      }
    }
  }

  private static String snapshot(Deque<String> output) {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  public int port() {
    return port;
  }

  public String host() {
    return HOST;
  }

  public Path socketDir() {
    return socketDir;
  }

  public Path dataDir() {
    return pgdata;
  }

  public PgBinaries binaries() {
    return binaries;
  }

  public PrivilegeDrop privilegeDrop() {
    return privilegeDrop;
  }

  public long pid() {
    return running.pid();
  }

  /** The started postmaster, for tests that signal it or wait for its exit. */
  public RunningPostgres running() {
    return running;
  }

  /** How PGDATA was made and how long it took. */
  public PgdataResult pgdataResult() {
    return pgdataResult;
  }

  /** The last lines Postgres printed, each prefixed with {@code PG:}. */
  public String recentOutput() {
    return snapshot(recentOutput);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + database + "?user=" + ADMIN;
  }

  /** {@code postgresql://cloud_admin@127.0.0.1:<port>/postgres}. */
  public String connstr() {
    return "postgresql://" + ADMIN + "@" + HOST + ":" + port + "/postgres";
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database));
  }

  /** Stops Postgres (fast shutdown, SIGKILL after 10 s) and deletes the directory. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      ExitStatus status = running.stop(Signal.INT, Duration.ofSeconds(10));
      log.info("test postgres pid {} stopped: {}", running.pid(), status);
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop test postgres pid " + running.pid(), e);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** The exit status once closed, for tests. */
  public Optional<ExitStatus> exitStatus() {
    return running.onExit().isDone() ? Optional.of(running.onExit().join()) : Optional.empty();
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not delete {}: {}", dir, e.toString());
    }
  }

  @Override
  public String toString() {
    return "TestPostgres[" + binaries.version() + ", port " + port + ", pid " + running.pid()
        + "]";
  }

  private static ComputeSpec plainPrimary() {
    try {
      return SpecJson.readSpec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": 300,"
          + " \"cluster\": {\"roles\": [],"
          + " \"databases\": [], \"settings\": []}, \"delta_operations\": []}");
    } catch (SpecParseException e) {
      throw new IllegalStateException(e);
    }
  }
}
