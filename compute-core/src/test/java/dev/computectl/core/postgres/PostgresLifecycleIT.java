package dev.computectl.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.port.ChildProcess.ExitStatus;
import dev.computectl.core.internal.postgres.ControlData;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import dev.computectl.core.storage.FreshStorage;
import dev.computectl.core.postgres.JdkProcessControl;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PgdataRequest;
import dev.computectl.core.port.PgdataResult;
import dev.computectl.core.postgres.PostgresRunner;
import dev.computectl.core.postgres.PostgresStartException;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.postgres.RunningPostgres;
import dev.computectl.core.port.Signal;
import dev.computectl.core.postgres.TemplateCache;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PostgresRunner, RunningPostgres, the initdb template cache and ControlData on real Postgres. */
class PostgresLifecycleIT {

  private static final ComputeSpec SPEC = spec();

  private static ComputeSpec spec() {
    try {
      return SpecJson.readSpec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": 300,"
          + " \"cluster\": {\"roles\": [],"
          + " \"databases\": [], \"settings\": []}, \"delta_operations\": []}");
    } catch (SpecParseException e) {
      throw new IllegalStateException(e);
    }
  }

  private final PrivilegeDrop drop = PrivilegeDrop.detect();
  private final PgBinaries bin = PgBinaries.locate(null, System.getenv());
  private final List<String> output = new CopyOnWriteArrayList<>();
  private Path dir;

  @BeforeEach
  void makeDir() throws IOException {
    dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pglife-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterEach
  void removeDir() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private Path prepared(String name, FreshStorage source) throws IOException {
    Path pgdata = dir.resolve(name);
    source.prepare(request(pgdata));
    return pgdata;
  }

  private Path configured(Path pgdata, String... extra) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path sock = Files.createDirectories(dir.resolve("sock-" + pgdata.getFileName()));
    drop.grant(sock);
    Files.writeString(pgdata.resolve("postgresql.conf"), "port = " + port
        + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + sock
        + "'\nfsync = off\n" + String.join("\n", extra) + "\n");
    return pgdata;
  }

  private RunningPostgres start(Path pgdata, Duration timeout) throws IOException {
    return new PostgresRunner(new JdkProcessControl("it"), drop, Duration.ofSeconds(2))
        .start(bin, pgdata, Map.of(), output::add, timeout);
  }

  private static int port(Path pgdata) throws IOException {
    return Files.readAllLines(pgdata.resolve("postgresql.conf")).stream()
        .filter(l -> l.startsWith("port = ")).mapToInt(l -> Integer.parseInt(l.substring(7)))
        .findFirst().orElseThrow();
  }

  private static String show(Path pgdata, String setting) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + port(pgdata) + "/postgres?user=cloud_admin";
    try (Connection c = java.sql.DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery("show " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void startReloadAndFastStop() throws Exception {
    Path pgdata = configured(prepared("a", cachedSource()));
    RunningPostgres pg = start(pgdata, Duration.ofSeconds(60));
    assertThat(pg.isAlive()).isTrue();
    assertThat(output).anyMatch(l -> l.startsWith("PG: ") && l.contains("ready to accept"));

    Files.writeString(pgdata.resolve("postgresql.conf"), "work_mem = '7MB'\n",
        java.nio.file.StandardOpenOption.APPEND);
    pg.reload();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> show(pgdata, "work_mem").equals("7MB"));

    ExitStatus status = pg.stop(Signal.INT, Duration.ofSeconds(10));
    assertThat(status).isEqualTo(ExitStatus.exited(0));
    assertThat(pg.isAlive()).isFalse();
    ControlData control = ControlData.read(bin, pgdata, drop);
    assertThat(control.shutDownCleanly()).isTrue();
    assertThat(control.latestCheckpoint().value()).isPositive();
  }

  @Test
  void immediateStopAndKillNineAreReported() throws Exception {
    RunningPostgres quit = start(configured(prepared("q", cachedSource())), Duration.ofSeconds(60));
    ExitStatus afterQuit = quit.stop(Signal.QUIT, Duration.ofSeconds(10));
    assertThat(afterQuit.bySignal()).isFalse();
    assertThat(quit.isAlive()).isFalse();

    RunningPostgres killed = start(configured(prepared("k", cachedSource())),
        Duration.ofSeconds(60));
    new JdkProcessControl().signal(killed.pid(), Signal.KILL);
    assertThat(killed.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo(ExitStatus.killedBy(9));
  }

  @Test
  void childThatExitsEarlyIsReportedWithItsStatus() throws Exception {
    Path pgdata = configured(prepared("bad", cachedSource()), "no_such_setting_here = 1");
    assertThatThrownBy(() -> start(pgdata, Duration.ofSeconds(60)))
        .isInstanceOf(PostgresStartException.class)
        .hasMessageContaining("exited unexpectedly")
        .satisfies(e -> assertThat(((PostgresStartException) e).exitStatus())
            .hasValueSatisfying(s -> assertThat(s.code()).isEqualTo(1)));
  }

  @Test
  void readinessTimeoutStopsAndReapsTheChild() throws Exception {
    // A 1 ms timeout cannot be met; the runner must stop the child it started
    // (docs/decisions.md#never-orphan-a-postgres).
    Path pgdata = configured(prepared("slow", cachedSource()));
    long before = System.nanoTime();
    assertThatThrownBy(() -> start(pgdata, Duration.ofMillis(1)))
        .isInstanceOf(PostgresStartException.class)
        .hasMessageContaining("did not become ready")
        .satisfies(e -> assertThat(((PostgresStartException) e).exitStatus()).isPresent());
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(15));
    assertThat(Files.exists(pgdata.resolve("postmaster.pid"))).isFalse();
  }

  @Test
  void templateCacheMakesLaterPreparesFastAndParallelPreparesSafe() throws Exception {
    TemplateCache cache = new TemplateCache(dir.resolve("cache"));
    FreshStorage source = FreshStorage.cached(cache);
    PgdataResult first = source.prepare(request(dir.resolve("p0")));
    PgdataResult second = source.prepare(request(dir.resolve("p1")));
    PgdataResult uncached = FreshStorage.uncached()
        .prepare(request(dir.resolve("u")));
    System.out.printf("initdb+template %d ms, template copy %d ms, plain initdb %d ms, %d bytes%n",
        first.elapsed().toMillis(), second.elapsed().toMillis(), uncached.elapsed().toMillis(),
        second.bytes());
    assertThat(second.elapsed()).isLessThan(first.elapsed());
    assertThat(second.description()).doesNotContain("just built");
    assertThat(Files.readString(dir.resolve("p1/PG_VERSION")).strip())
        .isEqualTo(Integer.toString(bin.majorVersion()));
    assertThat(Files.getPosixFilePermissions(dir.resolve("p1")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(dir.resolve("p1/postgresql.conf")).isEmptyFile();

    // Five computes preparing at once from a fresh cache (separate instances, one directory).
    Path fresh = dir.resolve("cache2");
    ExecutorService pool = Executors.newFixedThreadPool(5);
    List<Future<PgdataResult>> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Path pgdata = dir.resolve("par" + i);
      results.add(pool.submit(() -> FreshStorage.cached(new TemplateCache(fresh))
          .prepare(request(pgdata))));
    }
    long built = 0;
    for (Future<PgdataResult> f : results) {
      built += f.get().description().contains("just built") ? 1 : 0;
    }
    pool.shutdown();
    assertThat(built).isLessThanOrEqualTo(5);
    try (Stream<Path> entries = Files.list(fresh)) {
      assertThat(entries.filter(Files::isDirectory)).hasSize(1);
    }
    // Every copy is a working cluster.
    RunningPostgres pg = start(configured(dir.resolve("par3")), Duration.ofSeconds(60));
    assertThat(show(dir.resolve("par3"), "server_version_num")).startsWith(
        Integer.toString(bin.majorVersion()));
    assertThat(pg.stop(Signal.INT, Duration.ofSeconds(10))).isEqualTo(ExitStatus.exited(0));
  }

  private PgdataRequest request(Path pgdata) {
    return new PgdataRequest("it", pgdata, SPEC, bin, drop, "cloud_admin");
  }

  private FreshStorage cachedSource() {
    return FreshStorage.cached(TemplateCache.defaultLocation());
  }
}
