package dev.computectl.core.internal.ops;

import dev.computectl.core.ComputeLogContext;
import dev.computectl.core.ComputeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code pg_dump --schema-only} of one database, streamed. The database name goes in {@code
 * PGDATABASE} so any name works; closing the stream kills the dump.
 */
public final class SchemaDump {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SchemaDump.class);

  private final String computeId;
  private final Path pgDump;
  private final UnaryOperator<List<String>> wrap;
  private final String host;
  private final int port;
  private final String user;
  private final String password;

  /**
   * @param computeId names the stderr reader thread ({@code <computeId>-pg_dump-stderr})
   * @param wrap the privilege drop around the command (pg_dump refuses nothing, but runs as us)
   */
  public SchemaDump(String computeId, Path pgDump, UnaryOperator<List<String>> wrap, String host,
      int port, String user, String password) {
    this.computeId = computeId;
    this.password = password;
    this.pgDump = pgDump;
    this.wrap = wrap;
    this.host = host;
    this.port = port;
    this.user = user;
  }

  public InputStream open(String database) throws ComputeException {
    List<String> command = new ArrayList<>(List.of(pgDump.toString(), "--schema-only",
        "--host", host, "--port", Integer.toString(port), "--username", user));
    ProcessBuilder pb = new ProcessBuilder(wrap.apply(command));
    pb.environment().put("PGDATABASE", database);
    if (password != null) {
      pb.environment().put("PGPASSWORD", password);
    }

    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new ComputeException.OperationFailed("cannot start pg_dump: " + e.getMessage(), e);
    }
    Thread stderr = new Thread(
        ComputeLogContext.bound(computeId, () -> logErrors(process, database)),
        computeId + "-pg_dump-stderr");
    stderr.setDaemon(true);
    stderr.start();
    return new java.io.FilterInputStream(process.getInputStream()) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          process.destroy();
        }
      }
    };
  }

  /** pg_dump's complaints (auth, permissions) would otherwise vanish with an empty stream. */
  private static void logErrors(Process process, String database) {
    try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(
        process.getErrorStream(), java.nio.charset.StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.warn("pg_dump of database {}: {}", database, line);
      }
    } catch (IOException e) {
      log.debug("pg_dump stderr closed: {}", e.getMessage());
    }
  }
}
