package dev.computectl.launcher;

import dev.computectl.core.ComputeNode;
import dev.computectl.core.NodeIdentity;
import dev.computectl.core.PostgresOptions;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.Signal;
import dev.computectl.http.ComputeHttpServer;
import dev.computectl.http.HttpOptions;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.JdbcConnectionFactory;
import dev.computectl.sql.catalog.CatalogSnapshot;
import dev.computectl.sql.plan.PlanOptions;
import dev.computectl.sql.plan.SpecPlanner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The training run behind the distribution's class-data archive (AppCDS, or the AOT cache of JDK
 * 24+): it walks compute_ctl's start path without Postgres and without the network, so the JVM
 * records the classes (and on JDK 25 the profiles) a real start needs. It parses a command line
 * and a spec (commons-cli, Jackson, validation), logs through logback, starts both HTTP servers on
 * free loopback ports and asks them for {@code /status} and {@code /metrics} (Javalin, Jetty, the
 * JSON writers), plans the spec against an empty catalog (the planner), opens a pgjdbc session to
 * a closed port (the driver up to the connect), builds a compute node, and starts a process and
 * kills it through jnr-posix.
 *
 * <p>{@code java -XX:ArchiveClassesAtExit=<file> -cp compute_ctl.jar
 * dev.computectl.launcher.TrainingRun} writes the archive when it exits.
 */
public final class TrainingRun {

  /** A spec with something for every planner phase the start of a small compute runs. */
  static final String SPEC = """
      {"format_version": 1.0, "suspend_timeout_seconds": 300,
       "cluster": {"cluster_id": "training", "name": "training",
        "roles": [{"name": "app", "encrypted_password": "0eeadcc4cd6e8a0f58c60462feb6a62b",
                   "options": [{"name": "CONNECTION LIMIT", "value": "20", "vartype": "integer"}]}],
        "databases": [{"name": "app", "owner": "app"}],
        "settings": [{"name": "port", "value": "55432", "vartype": "integer"},
                     {"name": "shared_buffers", "value": "64MB", "vartype": "string"}]}}
      """;
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

  private TrainingRun() {}

  public static void main(String[] args) throws Exception {
    ColdStart.tellJettyTheReferenceSize();
    Path dir = Files.createTempDirectory("compute_ctl-training-");
    try {
      train(dir);
    } finally {
      deleteTree(dir);
    }
    System.exit(0);
  }

  static void train(Path dir) throws Exception {
    Path specFile = dir.resolve("spec.json");
    Files.writeString(specFile, SPEC);
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true);
    // The command line and the spec as a start reads them (commons-cli, LogSetup, SpecFile).
    int code = ComputeCtlMain.execute(Map.of(LogSetup.LEVEL_ENV, "warn"), discard, discard,
        "--check-config", "-S", specFile.toString());
    if (code != ExitCode.OK) {
      throw new IllegalStateException("the training spec does not check: exit " + code);
    }
    ComputeSpec spec = SpecFile.readSpec(specFile).spec().orElseThrow();
    serveHttp();
    new SpecPlanner(new PlanOptions("cloud_admin", "neon_superuser"))
        .plan(spec, emptyCatalog()).render();
    connectToClosedPort();
    buildNode(dir, spec);
    runProcess();
    preload(listedClasses());
  }

  /** The names in training-classes.txt: classes a start loads that the steps above do not. */
  static List<String> listedClasses() throws IOException {
    try (var in = TrainingRun.class.getResourceAsStream("training-classes.txt")) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(name -> !name.isEmpty() && !name.startsWith("#")).toList();
    }
  }

  /** Loads these classes (so the archive has them); returns how many exist. */
  static int preload(List<String> names) {
    ClassLoader loader = TrainingRun.class.getClassLoader();
    int loaded = 0;
    for (String name : names) {
      try {
        Class.forName(name, false, loader);
        loaded++;
      } catch (ClassNotFoundException | LinkageError e) {
        // Renamed or gone since the list was made: only its archive entry is lost.
      }
    }
    return loaded;
  }

  private static void serveHttp() throws Exception {
    NodeMetrics metrics = new NodeMetrics("latest");
    StartupOperations ops = new StartupOperations("training", metrics, Thread.currentThread());
    try (ComputeHttpServer external = ComputeHttpServer.external(ops,
            HttpOptions.externalDefaults().withPort(0)).start();
        ComputeHttpServer internal = ComputeHttpServer.internal(ops,
            HttpOptions.internalDefaults().withPort(0)).start()) {
      HttpClient client = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
      for (String url : List.of("http://127.0.0.1:" + internal.port() + "/status",
          "http://127.0.0.1:" + external.port() + "/metrics",
          "http://127.0.0.1:" + external.port() + "/status")) {
        client.send(HttpRequest.newBuilder(URI.create(url)).timeout(HTTP_TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString());
      }
    }
  }

  private static CatalogSnapshot emptyCatalog() {
    return new CatalogSnapshot(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), 150000, false,
        false, false);
  }

  /** pgjdbc's driver, properties and socket code up to the refused connect. */
  private static void connectToClosedPort() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    JdbcConnectionFactory sessions = JdbcConnectionFactory.fromConnstr(
        "postgresql://cloud_admin@127.0.0.1:" + port + "/postgres", "compute_ctl:training");
    try (Connection ignored = sessions.open("postgres")) {
      // Something listens there after all: nothing to do with it.
    } catch (Exception expected) {
      // Refused: what the training wanted.
    }
  }

  private static void buildNode(Path dir, ComputeSpec spec) {
    PgBinaries binaries = new PgBinaries(dir.resolve("bin"), 15, "15.0 (training)");
    ComputeNode node = ComputeNode.builder()
        .identity(NodeIdentity.of("training"))
        .postgres(PostgresOptions.of(dir.resolve("pgdata"),
            "postgresql://cloud_admin@127.0.0.1:55432/postgres", binaries))
        .processControl(new JnrProcessControl("training"))
        .spec(spec)
        .build();
    node.close();
  }

  /** A child started and killed through jnr-posix, as a terminate signals the postmaster. */
  private static void runProcess() throws IOException, InterruptedException {
    Path sleep = Path.of("/bin/sleep");
    if (!Files.isExecutable(sleep)) {
      return;
    }
    Process child = new ProcessBuilder(sleep.toString(), "60").start();
    try {
      new JnrProcessControl("training").signal(child.pid(), Signal.KILL);
    } finally {
      child.destroyForcibly().waitFor();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
