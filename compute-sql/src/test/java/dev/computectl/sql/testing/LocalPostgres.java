package dev.computectl.sql.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway Postgres cluster for compute-sql's own ITs (compute-sql cannot use compute-testkit's
 * harness: that depends on compute-sql). One per test class: {@link #start()} in {@code
 * @BeforeAll}, {@link #close()} in {@code @AfterAll}.
 *
 * <p>Binaries from {@code COMPUTE_PG_BIN}, else the newest {@code /usr/lib/postgresql/N/bin}.
 * {@code initdb} into a temp directory ({@code /dev/shm} when writable), superuser {@value #ADMIN}
 * with trust auth, {@code fsync=off}, a free port on 127.0.0.1 below the ephemeral range (never
 * 5432), the unix socket in the temp directory. As root, the programs run as user {@code postgres}
 * through {@code setpriv} (initdb and postgres refuse root). Stopped by its pid.
 */
public final class LocalPostgres implements AutoCloseable {

  public static final String ADMIN = "cloud_admin";
  private static final String RUN_AS = "postgres";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final int port;
  private final Process postmaster;

  private LocalPostgres(Path dir, int port, Process postmaster) {
    this.dir = dir;
    this.port = port;
    this.postmaster = postmaster;
  }

  /** initdb and start a cluster; {@code settings} are extra {@code name=value} server settings. */
  public static LocalPostgres start(String... settings) throws IOException, InterruptedException {
    Path bin = binaries();
    Path base = Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
    Path dir = Files.createTempDirectory(base, "compute-sql-it-");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      run(List.of("chown", RUN_AS + ":" + RUN_AS, dir.toString()), dir.resolve("chown.log"));
    }
    Path data = dir.resolve("data");
    run(asPostgres(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", ADMIN,
        "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")), dir.resolve("initdb.log"));
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      List<String> command = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
          "-p", String.valueOf(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
          "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=60"));
      for (String setting : settings) {
        command.add("-c");
        command.add(setting);
      }
      Process postmaster = new ProcessBuilder(asPostgres(root, command))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
          .start();
      LocalPostgres pg = new LocalPostgres(dir, port, postmaster);
      try {
        pg.awaitReady();
        return pg;
      } catch (IOException e) {
        pg.stop();
        last = e; // the port may have been taken between the check and the bind: try another
      }
    }
    delete(dir);
    throw last;
  }

  /** {@code postgresql://cloud_admin@127.0.0.1:<port>/postgres}, as compute_ctl gets it. */
  public String connstr() {
    return "postgresql://" + ADMIN + "@127.0.0.1:" + port + "/postgres";
  }

  public int port() {
    return port;
  }

  /** The directory of the unix socket. */
  public Path socketDir() {
    return dir;
  }

  /** A plain superuser session to {@code database}, without compute_ctl's pinned settings. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + ADMIN);
  }

  /** Stops the server (fast shutdown, by pid) and deletes its directory. */
  @Override
  public void close() throws IOException, InterruptedException {
    stop();
    delete(dir);
  }

  private void stop() throws InterruptedException, IOException {
    if (postmaster.isAlive()) {
      new ProcessBuilder("kill", "-INT", String.valueOf(postmaster.pid())).inheritIO().start().waitFor();
      if (!postmaster.waitFor(30, TimeUnit.SECONDS)) {
        postmaster.destroyForcibly().waitFor();
      }
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!postmaster.isAlive()) {
        throw new IOException("postgres exited with " + postmaster.exitValue() + "; see " + dir.resolve("postgres.log")
            + ":\n" + Files.readString(dir.resolve("postgres.log")));
      }
      try (Connection c = connect("postgres")) {
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("postgres did not accept connections in " + START_TIMEOUT, e);
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
  }

  private static List<String> asPostgres(boolean root, List<String> command) {
    if (!root) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + RUN_AS, "--regid=" + RUN_AS, "--init-groups"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static void run(List<String> command, Path log) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new IOException(command.get(0) + " timed out");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + Files.readString(log));
    }
  }

  private static Path binaries() {
    String env = System.getenv("COMPUTE_PG_BIN");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .filter(p -> p.getFileName().toString().matches("\\d+") && Files.isExecutable(p.resolve("bin/postgres")))
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
          .map(p -> p.resolve("bin"))
          .orElseThrow(() -> new IllegalStateException("no Postgres under /usr/lib/postgresql; set COMPUTE_PG_BIN"));
    } catch (IOException e) {
      throw new UncheckedIOException("no Postgres binaries; set COMPUTE_PG_BIN", e);
    }
  }

  /** A port on 127.0.0.1 that binds now, below the ephemeral range and never 5432. */
  private static int freePort() throws IOException {
    int ephemeral = 32768;
    try {
      String range = String.join(" ", Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
      ephemeral = Integer.parseInt(range.strip().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      // keep Linux's default
    }
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, Math.max(20_001, ephemeral));
      if (port == 5432) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IOException("no free port below " + ephemeral);
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
