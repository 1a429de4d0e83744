package dev.computectl.testkit.bench;

import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.testkit.postgres.TestPostgres;
import dev.computectl.testkit.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A temp directory for one measured compute (PGDATA and socket inside), and its cleanup. */
record Scratch(Path dir, Path pgdata, Path socketDir, int port) implements AutoCloseable {

  static Scratch create(String prefix, PrivilegeDrop drop) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path sock = Files.createDirectory(dir.resolve("sock"));
    drop.grant(sock);
    return new Scratch(dir, dir.resolve("pgdata"), sock, freePort());
  }

  /**
   * The Postgres binaries the benchmark measures, found by starting (and stopping) one test
   * cluster, which also builds the cached initdb template the measured starts copy.
   */
  static PgBinaries binariesWithTemplate() throws IOException {
    try (TestPostgres pg = TestPostgres.start()) {
      return pg.binaries();
    }
  }

  String connstr() {
    return "postgresql://cloud_admin@127.0.0.1:" + port + "/postgres";
  }

  static int freePort() {
    return Ports.freePort();
  }

  /**
   * Stops a postmaster we did not spawn ourselves (pg_ctl's) by the pid in postmaster.pid:
   * SIGQUIT, SIGKILL after 10 s.
   */
  void stopPostmasterByPidFile() throws IOException, InterruptedException {
    Path pidFile = pgdata.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    // A stale pid file may name a pid that now belongs to someone else.
    if (handle.isEmpty()
        || !handle.get().info().command().orElse("").endsWith("postgres")) {
      return;
    }
    Commands.run(java.util.List.of("/bin/kill", "-QUIT", Long.toString(pid)), dir);
    try {
      handle.get().onExit().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      Commands.run(java.util.List.of("/bin/kill", "-KILL", Long.toString(pid)), dir);
      handle.get().onExit().completeOnTimeout(null, Duration.ofSeconds(30).toSeconds(),
          TimeUnit.SECONDS).join();
    }
  }

  @Override
  public void close() {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a leftover temp dir is harmless.
    }
  }
}
