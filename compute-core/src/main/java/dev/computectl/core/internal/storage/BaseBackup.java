package dev.computectl.core.internal.storage;

import dev.computectl.core.internal.io.FileTrees;
import dev.computectl.core.internal.io.OwnSession;
import dev.computectl.core.internal.io.ToolRunner;
import dev.computectl.core.port.PgdataRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's PGDATA copied from its upstream with {@code pg_basebackup -X stream}, as the run-as
 * user. The password of the connection string goes through {@code PGPASSWORD}, never the command
 * line, so it reaches no log and no error message. An upstream that cannot be reached (or refuses)
 * is retried with a capped backoff for a bounded time; then the last error is quoted.
 */
public final class BaseBackup {

  private static final Logger log = LoggerFactory.getLogger(BaseBackup.class);
  private static final Pattern PASSWORD_KV =
      Pattern.compile("(^|\\s)password\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S*)");
  private static final Pattern URI_PASSWORD =
      Pattern.compile("^(postgres(?:ql)?://[^:@/]*):([^@/]*)@");

  private BaseBackup() {}

  /** A connection string split in what may be shown and its password (null when none). */
  public record Conninfo(String withoutPassword, String password) {}

  /** Splits a libpq key=value string or a postgresql:// URI. */
  public static Conninfo split(String conninfo) {
    Matcher uri = URI_PASSWORD.matcher(conninfo);
    if (uri.find()) {
      return new Conninfo(uri.replaceFirst("$1@"), decode(uri.group(2)));
    }
    Matcher kv = PASSWORD_KV.matcher(conninfo);
    if (kv.find()) {
      String value = kv.group(2);
      if (value.startsWith("'") && value.endsWith("'") && value.length() >= 2) {
        value = value.substring(1, value.length() - 1).replace("\\'", "'").replace("\\\\", "\\");
      }
      String rest = (conninfo.substring(0, kv.start()) + conninfo.substring(kv.end())).strip()
          .replaceAll("\\s+", " ");
      return new Conninfo(rest, value);
    }
    return new Conninfo(conninfo, null);
  }

  /**
   * Copies the upstream into {@code request.pgdata()}.
   *
   * @return the bytes of the copy
   * @throws IOException quoting the upstream's last error once {@code upstreamWait} has passed
   */
  public static long copy(PgdataRequest request, String conninfo, Duration upstreamWait)
      throws IOException {
    Conninfo split = split(conninfo);
    Path pgdata = request.pgdata();
    long deadline = System.nanoTime() + upstreamWait.toNanos();
    Duration backoff = Duration.ofMillis(500);
    int attempt = 0;
    while (true) {
      attempt++;
      FileTrees.deleteRecursively(pgdata);
      Files.createDirectories(pgdata);
      Files.setPosixFilePermissions(pgdata, PosixFilePermissions.fromString("rwx------"));
      request.runAs().grant(pgdata);
      List<String> command = new ArrayList<>(List.of(
          request.binaries().tool("pg_basebackup").toString(), "-D", pgdata.toString(),
          "-X", "stream", "-c", "fast", "-w", "-d", split.withoutPassword()));
      AtomicBoolean running = new AtomicBoolean(true);
      Thread ticker = PgBackRest.progressTicker("pg_basebackup", () -> {
        try {
          return new PgBackRest.Sample(FileTrees.size(pgdata), 0);
        } catch (IOException e) {
          return new PgBackRest.Sample(0, 0);
        }
      }, System.nanoTime(), running);
      ToolRunner.Finished finished;
      try {
        finished = ToolRunner.finish(OwnSession.wrap(request.runAs().wrap(command)),
            split.password() == null ? Map.of() : Map.of("PGPASSWORD", split.password()),
            null, Duration.ofHours(12));
      } finally {
        running.set(false);
        ticker.interrupt();
      }
      if (finished.exitCode() == 0) {
        return FileTrees.size(pgdata);
      }
      String error = finished.output().strip();
      if (System.nanoTime() + backoff.toNanos() - deadline > 0) {
        FileTrees.deleteRecursively(pgdata);
        throw new IOException("pg_basebackup from the upstream (" + split.withoutPassword()
            + ") failed " + attempt + " times in " + upstreamWait.toSeconds() + " s; last: "
            + error);
      }
      log.warn("compute {}: pg_basebackup from {} failed (attempt {}), retrying in {} ms: {}",
          request.computeId(), split.withoutPassword(), attempt, backoff.toMillis(), error);
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the upstream", e);
      }
      backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
          ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
    }
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
