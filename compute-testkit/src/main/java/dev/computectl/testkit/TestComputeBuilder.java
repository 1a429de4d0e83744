package dev.computectl.testkit;

import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.ComputeStorage;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.testkit.controlplane.ControlPlaneAnswer;
import dev.computectl.testkit.controlplane.FakeControlPlane;
import dev.computectl.testkit.internal.LocalRepository;
import dev.computectl.testkit.jwt.TestJwts;
import dev.computectl.testkit.postgres.ZonkyBinaries;
import dev.computectl.testkit.spec.ConfigBuilder;
import dev.computectl.testkit.spec.SpecBuilder;
import dev.computectl.testkit.storage.TestRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Options of one {@link TestCompute}. Where the compute gets its config:
 *
 * <ul>
 *   <li>default: the spec given here (or none: the compute starts {@code empty});
 *   <li>{@link #configFile()}: a {@code --config} file the harness writes (refresh re-reads it);
 *   <li>{@link #controlPlane(FakeControlPlane)}: fetched from the fake control plane. With a spec
 *       given here the harness scripts the control plane itself ({@code attached}, trusting the
 *       harness key); without one the test scripts it and should trust {@link #keys(TestJwts)}.
 * </ul>
 *
 * A subprocess compute always reads a config file or the control plane.
 *
 * <p>Unless {@link #durable()}, the harness adds {@code fsync=off} to every spec it hands over
 * (at start and in {@link TestCompute#configure}) that does not set fsync itself.
 */
public final class TestComputeBuilder {

  private static final Logger log = LoggerFactory.getLogger(TestComputeBuilder.class);

  /** Overrides where {@code compute_ctl.jar} is looked for. */
  public static final String LAUNCHER_JAR_PROPERTY = "computectl.launcher.jar";

  private String computeId;
  private ComputeSpec spec;
  private TestJwts keys;
  private FakeControlPlane controlPlane;
  private String controlPlaneToken = "";
  private boolean configFile;
  private boolean failpoints;
  private boolean subprocess;
  private ComputeStorage storage;
  private Path launcherJar;
  private Path templateCacheDir;
  private Duration startTimeout = Duration.ofSeconds(60);
  private boolean durable;
  private TestRepository repository;
  private Path keptPgdata;
  private Duration failedStartExitDelay = Duration.ZERO;

  TestComputeBuilder() {}

  /** Default: {@code test-<8 random hex>}. */
  public TestComputeBuilder computeId(String id) {
    this.computeId = Objects.requireNonNull(id, "computeId");
    return this;
  }

  public TestComputeBuilder spec(SpecBuilder builder) {
    return spec(builder.build());
  }

  public TestComputeBuilder spec(ComputeSpec value) {
    this.spec = value;
    return this;
  }

  /** No spec: the compute starts {@code empty} and waits for {@code /configure}. */
  public TestComputeBuilder noSpec() {
    this.spec = null;
    return this;
  }

  /** The key the compute trusts (default: a fresh Ed25519 key). */
  public TestComputeBuilder keys(TestJwts value) {
    this.keys = Objects.requireNonNull(value, "keys");
    return this;
  }

  public TestComputeBuilder controlPlane(FakeControlPlane plane) {
    this.controlPlane = Objects.requireNonNull(plane, "controlPlane");
    return this;
  }

  /** What compute_ctl sends as {@code Authorization: Bearer} to the control plane. */
  public TestComputeBuilder controlPlaneToken(String token) {
    this.controlPlaneToken = Objects.requireNonNull(token, "token");
    return this;
  }

  /** Read the spec from a {@code --config} file the harness writes. */
  public TestComputeBuilder configFile() {
    this.configFile = true;
    return this;
  }

  /** Arm-able failpoints ({@code POST /failpoints}); a subprocess compute runs with {@code --enable-failpoints}. */
  public TestComputeBuilder failpoints() {
    this.failpoints = true;
    return this;
  }

  /**
   * A subprocess compute's {@code --failed-start-exit-delay}: how long compute_ctl keeps serving
   * {@code /status} after a failed start before it exits. Default zero (compute_ctl's own default
   * is 30 s, which would only slow tests down).
   */
  public TestComputeBuilder failedStartExitDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("failedStartExitDelay must not be negative: " + delay);
    }
    this.failedStartExitDelay = delay;
    return this;
  }

  /** A custom storage; embedded computes only. */
  public TestComputeBuilder storage(ComputeStorage source) {
    this.storage = source;
    return this;
  }

  /**
   * Keep the compute's data in {@code repository} (the spec needs a {@code timeline_id}): an
   * embedded compute gets its storage, a subprocess {@code --pgbackrest-config}.
   */
  public TestComputeBuilder pgbackrest(TestRepository repository) {
    this.repository = Objects.requireNonNull(repository, "repository");
    return this;
  }

  /**
   * Make this compute a hot standby of {@code primary}: a Replica spec (the spec set so far, or an
   * empty one) whose {@code primary_conninfo} points at the primary's Postgres as the admin role
   * (trusted for replication over loopback). Call {@link #spec} before this to start from another
   * spec.
   */
  public TestComputeBuilder replicaOf(TestCompute primary) {
    SpecBuilder base = spec == null ? SpecBuilder.spec() : SpecBuilder.from(spec);
    this.spec = base.replica()
        .setting("primary_conninfo", "host=127.0.0.1 port=" + primary.postgresPort() + " user="
            + TestCompute.ADMIN_ROLE + " application_name=" + primary.computeId() + "_replica",
            "string")
        .build();
    return this;
  }

  /**
   * Use {@code dir} as PGDATA instead of one inside the compute's work directory, and leave it
   * there on close: a "kept disk" that the next compute on the same directory finds.
   */
  public TestComputeBuilder pgdata(Path dir) {
    this.keptPgdata = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /** Run in this JVM (the default). */
  public TestComputeBuilder embedded() {
    this.subprocess = false;
    return this;
  }

  /**
   * Run {@code java -jar compute_ctl.jar} as a child process. The jar is the runnable one published
   * as {@code dev.computectl:compute-launcher:<version>:jar:runnable}, found in the local Maven
   * repository (see {@link #launcherJar(Path)} and compute-testkit's README for the other ways).
   */
  public TestComputeBuilder subprocess() {
    this.subprocess = true;
    return this;
  }

  public TestComputeBuilder launcherJar(Path jar) {
    this.launcherJar = jar;
    return this;
  }

  /** Default: {@link WorkDirs#templateCache()}, shared by all harness computes and JVMs. */
  public TestComputeBuilder templateCacheDir(Path dir) {
    this.templateCacheDir = dir;
    return this;
  }

  /**
   * Keep the spec's fsync setting (Postgres's default {@code on}) instead of the harness's {@code
   * fsync=off}, for tests about crash safety or real disk cost.
   */
  public TestComputeBuilder durable() {
    this.durable = true;
    return this;
  }

  /** How long a subprocess gets to serve HTTP. */
  public TestComputeBuilder startTimeout(Duration timeout) {
    this.startTimeout = Objects.requireNonNull(timeout, "startTimeout");
    return this;
  }

  /**
   * Starts compute_ctl and returns once its HTTP servers listen; the compute may still be in {@code
   * init}. Use {@link TestCompute#awaitRunning()} to wait for Postgres.
   */
  public TestCompute start() {
    String id = computeId != null ? computeId : "test-" + randomHex();
    TestJwts trusted = keys != null ? keys : TestJwts.ed25519();
    Path workDir = null;
    try {
      workDir = WorkDirs.createTempDirectory("testcompute-" + id + "-");
      Path socketDir = Files.createDirectory(workDir.resolve("sock"));
      PrivilegeDrop.detect().grant(socketDir);
      int pgPort = Ports.freePort();
      String connstr =
          "postgresql://" + TestCompute.ADMIN_ROLE + "@127.0.0.1:" + pgPort + "/postgres";
      Path templates =
          templateCacheDir != null ? templateCacheDir : WorkDirs.templateCache().root();
      ComputeSpec startSpec =
          spec == null ? null : TestCompute.forHarness(spec, pgPort, durable);
      Path config = null;
      if (controlPlane != null) {
        if (startSpec != null) {
          controlPlane.answer(
              id, ControlPlaneAnswer.config(ConfigBuilder.config().spec(startSpec).jwks(trusted)));
        }
      } else if (configFile || subprocess) {
        config = workDir.resolve("config.json");
        Files.writeString(
            config, ConfigBuilder.config().spec(startSpec).jwks(trusted).toConfigJson());
      }
      ComputeSetup setup =
          new ComputeSetup(
              id,
              workDir,
              keptPgdata != null ? keptPgdata : workDir.resolve("pgdata"),
              socketDir,
              pgPort,
              Ports.freePort(),
              Ports.freePort(),
              connstr,
              trusted,
              config == null && controlPlane == null ? startSpec : null,
              config,
              controlPlane == null ? null : controlPlane.baseUri(),
              controlPlaneToken,
              failpoints,
              storage != null || repository == null || subprocess ? storage
                  : repository.storage(new TemplateCache(templates)),
              repository == null ? null : repository.config(),
              binaries(),
              templates,
              subprocess ? findLauncherJar() : null,
              startTimeout,
              durable,
              failedStartExitDelay);
      ComputeRuntime runtime =
          subprocess ? SubprocessRuntime.start(setup) : EmbeddedRuntime.start(setup);
      log.info(
          "compute {} started ({}), postgres port {}, http {}/{}",
          id,
          subprocess ? "subprocess" : "embedded",
          pgPort,
          runtime.externalPort(),
          runtime.internalPort());
      return new TestCompute(setup, runtime);
    } catch (Exception e) {
      Processes.deleteTree(workDir);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot start test compute " + id + ": " + e.getMessage(), e);
    }
  }

  /** As {@link dev.computectl.testkit.postgres.TestPostgres}: system, else zonky, else an error. */
  private static PgBinaries binaries() {
    return ZonkyBinaries.systemOrClasspath();
  }

  /**
   * {@link #launcherJar(Path)}; else {@code -Dcomputectl.launcher.jar}; else, in this project's
   * source tree, {@code compute-launcher/target<suffix>/compute_ctl.jar} next to the current module
   * (the newest if several build folders have one); else the runnable jar by its coordinates in
   * the local Maven repository, {@code dev.computectl:compute-launcher:<testkit version>:jar:runnable}
   * ({@code -Dmaven.repo.local} or {@code ~/.m2/repository}).
   */
  private Path findLauncherJar() throws IOException {
    if (launcherJar != null) {
      return requireFile(launcherJar);
    }
    String property = System.getProperty(LAUNCHER_JAR_PROPERTY);
    if (property != null && !property.isBlank()) {
      return requireFile(Path.of(property));
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (Path root : new Path[] {cwd, cwd.getParent()}) {
      Path launcher = root == null ? null : root.resolve("compute-launcher");
      if (launcher == null || !Files.isDirectory(launcher)) {
        continue;
      }
      try (var dirs = Files.list(launcher)) {
        Path newest =
            dirs.filter(d -> d.getFileName().toString().startsWith("target"))
                .map(d -> d.resolve("compute_ctl.jar"))
                .filter(Files::isRegularFile)
                .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
                .orElse(null);
        if (newest != null) {
          return newest;
        }
      }
    }
    String version = LocalRepository.testkitVersion();
    Path installed =
        LocalRepository.jar("dev.computectl", "compute-launcher", version, "runnable");
    if (Files.isRegularFile(installed)) {
      return installed;
    }
    throw new IllegalStateException(
        "subprocess(): the runnable compute_ctl jar dev.computectl:compute-launcher:"
            + version
            + ":jar:runnable is not in the local Maven repository ("
            + installed
            + "). Have Maven fetch it (for example `mvn dependency:get"
            + " -Dartifact=dev.computectl:compute-launcher:"
            + version
            + ":jar:runnable`, or the dependency:copy execution in compute-testkit's README), pass"
            + " -D"
            + LocalRepository.PROPERTY
            + " to the test JVM when the repository is elsewhere, or point -D"
            + LAUNCHER_JAR_PROPERTY
            + " (or launcherJar(path)) at a compute_ctl jar.");
  }

  private static Path requireFile(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("launcher jar " + jar + " does not exist");
    }
    return jar.toAbsolutePath();
  }

  private static String randomHex() {
    byte[] bytes = new byte[4];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
