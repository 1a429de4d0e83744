package dev.computectl.testkit;

import dev.computectl.core.ComputeNode;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.ComputeStatusResponse;
import dev.computectl.testkit.client.ComputeHttpClient;
import dev.computectl.testkit.jwt.TestJwts;
import dev.computectl.testkit.spec.SpecBuilder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One running compute for a test: Postgres on a free port, both HTTP servers, a client holding a
 * valid admin token, and SQL connections. Create it with {@link #builder()}; {@link #close()}
 * always stops Postgres (terminate immediate, then SIGKILL by pid) and deletes the work directory.
 *
 * <pre>{@code
 * try (TestCompute compute = TestCompute.builder().spec(SpecBuilder.spec().role("app", "pw")
 *     .database("shop", "app")).start().awaitRunning()) {
 *   try (Connection c = compute.connect("shop", "app", "pw")) { ... }
 * }
 * }</pre>
 */
public final class TestCompute implements AutoCloseable {

  /** The superuser compute_ctl connects as (trusted on 127.0.0.1). */
  public static final String ADMIN_ROLE = "cloud_admin";

  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration DEFAULT_WAIT = Duration.ofMinutes(2);

  private final ComputeSetup setup;
  private final ComputeRuntime runtime;
  private final ComputeHttpClient client;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread atExit;

  TestCompute(ComputeSetup setup, ComputeRuntime runtime) {
    this.setup = setup;
    this.runtime = runtime;
    this.client =
        ComputeHttpClient.builder()
            .external(runtime.externalPort())
            .internal(runtime.internalPort())
            .bearerToken(setup.keys().adminToken())
            .computeCtlConfig(setup.keys().ctlConfig())
            .build();
    // A compute the test never closes (its start failed inside a try-with-resources header, or
    // the test forgot) still stops its Postgres and removes its work dir when the JVM exits.
    this.atExit = new Thread(this::close, setup.computeId() + "-at-jvm-exit");
    Runtime.getRuntime().addShutdownHook(atExit);
  }

  public static TestComputeBuilder builder() {
    return new TestComputeBuilder();
  }

  public String computeId() {
    return setup.computeId();
  }

  /** The compute's status (from the node when embedded, over HTTP otherwise). */
  public ComputeStatus status() {
    return runtime.status();
  }

  /** {@code GET /status} over HTTP. */
  public ComputeStatusResponse statusResponse() {
    return client.status();
  }

  /**
   * A client for both servers with a valid admin token ({@code withToken} for other tokens); its
   * {@code configure} sends the compute's own keys ({@link #keys()}), so the token stays valid.
   */
  public ComputeHttpClient client() {
    return client;
  }

  /** The key the compute trusts; sign custom tokens with {@code keys().token()...}. */
  public TestJwts keys() {
    return setup.keys();
  }

  public int postgresPort() {
    return setup.postgresPort();
  }

  public int externalHttpPort() {
    return runtime.externalPort();
  }

  public int internalHttpPort() {
    return runtime.internalPort();
  }

  public Path pgdata() {
    return setup.pgdata();
  }

  /** The config file the compute reads (and re-reads on refresh), if it uses one. */
  public Optional<Path> configFile() {
    return Optional.ofNullable(setup.configFile());
  }

  /** True for an in-JVM compute, false for a {@code compute_ctl.jar} child process. */
  public boolean embedded() {
    return runtime instanceof EmbeddedRuntime;
  }

  /** The node of an embedded compute (e.g. to arm failpoints directly). */
  public Optional<ComputeNode> node() {
    return runtime instanceof EmbeddedRuntime e ? Optional.of(e.node()) : Optional.empty();
  }

  /** compute_ctl's exit code once it has ended. */
  public Optional<Integer> exitCode() {
    return runtime.exitCode();
  }

  public Optional<Long> postmasterPid() {
    return runtime.postmasterPid();
  }

  /**
   * The last 5000 log lines of this compute: compute_ctl's output for a subprocess; for an embedded
   * compute its INFO-or-higher events logged on its own threads, kept whatever the test's logging
   * configuration lets through (needs logback, an optional dependency, as the SLF4J binding;
   * without it the list is empty).
   */
  public List<String> logLines() {
    return runtime.logLines();
  }

  /** The last WAL position this compute replayed (a Replica or Static compute), or null. */
  public Lsn replayLsn() {
    try (Connection c = connect("postgres");
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn()::text")) {
      rs.next();
      String lsn = rs.getString(1);
      return lsn == null ? null : Lsn.parse(lsn);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the replay LSN of " + computeId(), e);
    }
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + setup.postgresPort() + "/" + database;
  }

  /** A session as {@value #ADMIN_ROLE} (trust auth on loopback). */
  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", ADMIN_ROLE);
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  /** A session as a spec role, authenticating with its plain password. */
  public Connection connect(String database, String role, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", role);
    props.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  /** A {@link DataSource} for sessions as {@value #ADMIN_ROLE} (pgjdbc's, not pooled). */
  public DataSource dataSource(String database) {
    return dataSource(database, ADMIN_ROLE, null);
  }

  /** A {@link DataSource} for sessions as a spec role with its plain password (not pooled). */
  public DataSource dataSource(String database, String role, String password) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(jdbcUrl(database));
    source.setUser(Objects.requireNonNull(role, "role"));
    source.setPassword(password);
    return source;
  }

  /**
   * Registers {@code spring.datasource.url}, {@code .username} and {@code .password} for a spec
   * role, for Spring's {@code @DynamicPropertySource} without the testkit depending on Spring:
   * {@code compute.springProperties(registry::add, "shop", "app", "pw")}.
   *
   * @param registry receives each property name with a supplier of its value
   */
  public void springProperties(
      BiConsumer<String, Supplier<Object>> registry, String database, String role,
      String password) {
    registry.accept("spring.datasource.url", () -> jdbcUrl(database));
    registry.accept("spring.datasource.username", () -> role);
    registry.accept("spring.datasource.password", () -> password);
  }

  /** Like {@link #springProperties(BiConsumer, String, String, String)}, as {@value #ADMIN_ROLE}. */
  public void springProperties(BiConsumer<String, Supplier<Object>> registry, String database) {
    // trust auth on loopback: an empty password
    springProperties(registry, database, ADMIN_ROLE, "");
  }

  /** See {@link #configure(ComputeSpec)}. */
  public ComputeStatusResponse configure(SpecBuilder spec) {
    return configure(spec.build());
  }

  /**
   * {@code POST /configure} with the spec (its {@code port} setting, if any, set to ours; {@code
   * fsync=off} added as at start unless {@link TestComputeBuilder#durable()} or the spec sets
   * fsync) and the compute's own keys as {@code compute_ctl_config}: the compute adopts that key
   * set, and {@link #keys()} stays trusted.
   */
  public ComputeStatusResponse configure(ComputeSpec spec) {
    return client.configure(forHarness(spec, setup.postgresPort(), setup.durable()));
  }

  /** Waits for {@code running} (2 minutes at most). */
  public TestCompute awaitRunning() {
    awaitStatus(ComputeStatus.RUNNING, DEFAULT_WAIT);
    return this;
  }

  /**
   * Polls until the status is {@code wanted}, which may also be reached after compute_ctl exited
   * (e.g. {@code failed} after a failed start). Gives up early, with the compute's error and
   * output, when the compute reached {@code failed} or {@code terminated} instead, or has exited
   * without showing {@code wanted}.
   *
   * @throws AssertionError when the status is not reached
   */
  public ComputeStatus awaitStatus(ComputeStatus wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ComputeStatus last = null;
    while (true) {
      // Read before the status: an exited compute's status no longer changes, so a status read
      // after seeing the exit is final.
      Optional<Integer> exited = runtime.exitCode();
      ComputeStatus now = null;
      try {
        now = runtime.status();
        last = now;
      } catch (RuntimeException e) {
        if (exited.isEmpty() && System.nanoTime() >= deadline) {
          throw notReached(wanted, last, "status unavailable: " + e);
        }
      }
      if (now == wanted) {
        return now;
      }
      if (exited.isPresent()) {
        throw notReached(wanted, last, "compute_ctl exited with code " + exited.get());
      }
      boolean dead = now == ComputeStatus.FAILED || now == ComputeStatus.TERMINATED;
      if (dead && wanted != ComputeStatus.FAILED && wanted != ComputeStatus.TERMINATED) {
        throw notReached(wanted, last, "the compute is " + now.label());
      }
      if (System.nanoTime() >= deadline) {
        throw notReached(wanted, last, "timed out after " + timeout);
      }
      if (!Processes.pause(POLL)) {
        throw notReached(wanted, last, "interrupted");
      }
    }
  }

  private AssertionError notReached(ComputeStatus wanted, ComputeStatus last, String why) {
    StringBuilder message =
        new StringBuilder("compute ")
            .append(computeId())
            .append(" did not reach ")
            .append(wanted.label())
            .append(" (last status ")
            .append(last == null ? "unknown" : last.label())
            .append("): ")
            .append(why);
    try {
      runtime.error().ifPresent(e -> message.append("\nerror: ").append(e));
    } catch (RuntimeException ignored) {
      // the status route may be gone with the process
    }
    List<String> lines = runtime.logLines();
    if (!lines.isEmpty()) {
      message
          .append("\nlast output:\n")
          .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }
    return new AssertionError(message.toString());
  }

  /** Stops compute_ctl and Postgres whatever state they are in, then deletes the work dir. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread() != atExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(atExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran) anyway; closing twice is a no-op
      }
    }
    try {
      runtime.close();
    } finally {
      Processes.deleteTree(setup.workDir());
    }
  }

  /**
   * The spec as a harness compute runs it: its {@code port} setting (when it has one) replaced by
   * {@code port}, and {@code fsync=off} added unless the compute is durable or the spec sets fsync
   * itself (a throw-away cluster needs no crash safety, and every fsync waits for the disk).
   */
  static ComputeSpec forHarness(ComputeSpec spec, int port, boolean durable) {
    boolean setPort = spec.cluster().setting("port").isPresent();
    boolean addFsync = !durable && spec.cluster().setting("fsync").isEmpty();
    if (!setPort && !addFsync) {
      return spec;
    }
    SpecBuilder builder = SpecBuilder.from(spec);
    if (setPort) {
      builder.setting("port", Integer.toString(port), "integer");
    }
    if (addFsync) {
      builder.setting("fsync", "off", "bool");
    }
    return builder.build();
  }
}
