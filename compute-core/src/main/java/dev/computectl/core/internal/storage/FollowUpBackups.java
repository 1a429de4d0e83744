package dev.computectl.core.internal.storage;

import dev.computectl.core.port.StorageSession;
import dev.computectl.spec.Lsn;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a timeline quick to restore while its Primary runs: a restore replays every archived WAL
 * segment since the newest backup, so once that WAL outgrows the backup itself (at least {@code
 * minWalBytes}), an incremental backup is taken in the background. Without it the first full
 * backup would stay the only one, and a restore of a long-lived timeline would replay its whole
 * history.
 *
 * <p>It looks at the repository ({@code pgbackrest info}: the archive's end against the newest
 * backup's stop LSN) every {@code every}; it needs no session to Postgres. A failed backup is
 * reported as operation {@value #OPERATION} and tried again at a later look. Stopped before
 * Postgres stops: no new backup starts, and one under way fails when Postgres goes (pgBackRest
 * cleans it up at the next one).
 */
final class FollowUpBackups {

  static final String OPERATION = "incremental backup";
  private static final Logger log = LoggerFactory.getLogger(FollowUpBackups.class);

  private final PgBackRest tool;
  private final StorageSession session;
  private final Duration every;
  private final long minWalBytes;
  private final long segmentBytes;
  private volatile boolean stopped;
  private volatile Thread thread;

  FollowUpBackups(PgBackRest tool, StorageSession session, Duration every,
      long minWalBytes, long segmentBytes) {
    this.tool = tool;
    this.session = session;
    this.every = every;
    this.minWalBytes = minWalBytes;
    this.segmentBytes = segmentBytes;
  }

  void start() {
    Thread t = new Thread(this::run, session.computeId() + "-backups");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** No more backups from now on. */
  void stop() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  /**
   * The WAL a restore would replay after the newest backup when it is worth a new backup, else
   * empty. Pure, so the rule is tested without a repository.
   */
  static Optional<Long> walWorthABackup(RepoInfo info, long segmentBytes, long minWalBytes) {
    Optional<RepoInfo.Backup> newest = info.newest();
    Optional<Lsn> end = info.archiveEnd(segmentBytes);
    if (newest.isEmpty() || end.isEmpty() || newest.get().stopLsn() == null) {
      return Optional.empty();
    }
    long wal = end.get().value() - newest.get().stopLsn().value();
    return wal >= Math.max(minWalBytes, newest.get().bytes()) ? Optional.of(wal) : Optional.empty();
  }

  private void run() {
    boolean failing = false;
    while (!stopped) {
      try {
        Thread.sleep(every.toMillis());
        Optional<Long> wal = walWorthABackup(tool.info(), segmentBytes, minWalBytes);
        if (wal.isPresent() && !stopped) {
          backup(wal.get());
          if (failing) {
            session.events().succeeded(OPERATION);
            failing = false;
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        if (stopped) {
          return;
        }
        failing = true;
        log.warn("compute {}: incremental backup of timeline {} failed, trying again in {} s: {}",
            session.computeId(), tool.stanza(), every.toSeconds(), e.getMessage());
        session.events().failed(OPERATION, e.getMessage());
      }
    }
  }

  private void backup(long walBytes) throws IOException {
    long started = System.nanoTime();
    log.info("compute {}: {} MiB of WAL archived since the newest backup of timeline {};"
        + " taking an incremental backup", session.computeId(), walBytes / (1024 * 1024),
        tool.stanza());
    List<String> command = new ArrayList<>(PgBackRest.clusterOptions(session.pgdata(),
        session.port(), session.socketDir(), session.adminRole()));
    command.add("--type=incr");
    command.add("backup");
    tool.run(command, Duration.ofHours(6), tool.backupProgress());
    log.info("compute {}: incremental backup of timeline {} done in {} ms", session.computeId(),
        tool.stanza(), Duration.ofNanos(System.nanoTime() - started).toMillis());
  }
}
