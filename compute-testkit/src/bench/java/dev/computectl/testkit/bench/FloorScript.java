package dev.computectl.testkit.bench;

import dev.computectl.sql.plan.Plan;
import dev.computectl.sql.plan.SqlCommand;
import dev.computectl.sql.plan.Target;
import dev.computectl.testkit.postgres.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;

/**
 * The apply floor: the plan's statements in one psql script, sent by one {@code psql -X -q -f}
 * session that reconnects ({@code \connect}) only where the target database changes. Each
 * statement runs in autocommit, so CREATE DATABASE is outside any transaction as it must be.
 */
final class FloorScript {

  private FloorScript() {}

  /** Writes the script (mode 0600: it holds password verifiers) and returns its path. */
  static Path write(Plan plan, Path dir, String mainDatabase) throws IOException {
    StringBuilder sql = new StringBuilder();
    Target current = Target.MAIN;
    for (SqlCommand command : plan.commands()) {
      if (!Objects.equals(current, command.target())) {
        current = command.target();
        String db = current instanceof Target.InDatabase in ? in.name() : mainDatabase;
        sql.append("\\connect \"").append(db.replace("\"", "\"\"")).append("\"\n");
      }
      sql.append(command.sql()).append(";\n");
    }
    Path file = dir.resolve("floor.sql");
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, sql);
    return file;
  }

  /** Runs the script with psql against {@code pg}; returns the wall time in ms. */
  static double run(TestPostgres pg, Path script) throws IOException, InterruptedException {
    Path psql = pg.binaries().tool("psql");
    List<String> command = List.of(psql.toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
        "-h", pg.host(), "-p", Integer.toString(pg.port()), "-U", TestPostgres.ADMIN,
        "-d", "postgres", "-f", script.toString());
    long start = System.nanoTime();
    Commands.Result result = Commands.run(command, script.getParent());
    double ms = (System.nanoTime() - start) / 1e6;
    if (result.exitCode() != 0) {
      throw new IOException("psql -f failed (" + result.exitCode() + "): " + result.output());
    }
    return ms;
  }
}
