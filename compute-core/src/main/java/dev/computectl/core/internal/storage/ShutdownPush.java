package dev.computectl.core.internal.storage;

import dev.computectl.core.internal.postgres.ControlData;
import dev.computectl.core.port.StorageSession;
import dev.computectl.spec.Lsn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a fast terminate of a Primary on pgBackRest storage does after the stop, before it answers. */
public final class ShutdownPush {

  private static final Logger log = LoggerFactory.getLogger(ShutdownPush.class);

  private ShutdownPush() {}

  /**
   * Pushes every segment Postgres left unarchived, so every transaction committed before the
   * shutdown checkpoint is in the repository. With archiving on, Postgres switches to a new
   * segment before it writes the shutdown checkpoint, so the commits are all in completed
   * segments; the checkpoint's own segment holds nothing else and is not pushed: pushing it would
   * make the next start on this PGDATA archive a second, different copy of it, which pgBackRest
   * refuses (see docs/decisions.md#the-terminate-lsn-is-durable-without-its-own-segment).
   */
  public static void pushThrough(StorageSession session, PgBackRest pgbackrest, Lsn checkpoint)
      throws IOException {
    Path pgdata = session.pgdata();
    ControlData control = ControlData.read(session.binaries(), pgdata, session.runAs());
    String last = WalNames.segmentOf(control.timeline(), checkpoint, control.walSegmentBytes());
    List<String> ready = new ArrayList<>();
    Path status = pgdata.resolve("pg_wal/archive_status");
    if (Files.isDirectory(status)) {
      try (Stream<Path> files = Files.list(status)) {
        files.map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".ready"))
            .map(n -> n.substring(0, n.length() - ".ready".length()))
            .sorted()
            .forEach(ready::add);
      }
    }
    ready.removeIf(segment -> segment.compareTo(last) >= 0);
    for (String segment : ready) {
      pgbackrest.run(List.of("--pg1-path=" + pgdata, "archive-push",
          pgdata.resolve("pg_wal").resolve(segment).toString()), Duration.ofMinutes(10), null);
    }
    log.info("compute {}: every segment before {} (the shutdown checkpoint {}) is in the"
        + " repository ({} pushed after the stop)", session.computeId(), last, checkpoint,
        ready.size());
  }
}
