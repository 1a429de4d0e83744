package dev.computectl.core.internal.storage;

import dev.computectl.core.port.StorageSession;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups one start of a Primary takes in the background: the timeline's first full backup
 * when it has none yet ({@link FirstBackup}), then incremental ones as its WAL grows ({@link
 * FollowUpBackups}). Made anew by every start, so a restart never inherits a stopped one.
 */
public final class PrimaryBackups {

  /**
   * How the background backups run: the backoff of a failing first backup, and how often the
   * repository is looked at for an incremental one and the least WAL that makes it worth taking.
   */
  public record Schedule(Duration retryStart, Duration retryMax, Duration followUpEvery,
      long followUpMinWalBytes) {

    public static Schedule defaults() {
      return new Schedule(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60),
          64L << 20);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(PrimaryBackups.class);

  private final PgBackRest tool;
  private final Schedule schedule;
  private final boolean firstNeeded;
  private final boolean stanzaMissing;
  private volatile FirstBackup first;
  private volatile FollowUpBackups followUps;

  public PrimaryBackups(PgBackRest tool, Schedule schedule, boolean firstNeeded) {
    this(tool, schedule, firstNeeded, false);
  }

  /**
   * @param stanzaMissing the first backup must create the timeline's stanza first (a promoted
   *     replica whose timeline was never kept in this repository)
   */
  public PrimaryBackups(PgBackRest tool, Schedule schedule, boolean firstNeeded,
      boolean stanzaMissing) {
    this.tool = tool;
    this.schedule = schedule;
    this.firstNeeded = firstNeeded;
    this.stanzaMissing = stanzaMissing;
  }

  /** Postgres is ready: start what runs in the background. */
  public void started(StorageSession session) {
    if (firstNeeded) {
      FirstBackup backup = new FirstBackup(tool, session, schedule.retryStart(),
          schedule.retryMax(), stanzaMissing);
      first = backup;
      backup.start();
    }
    FollowUpBackups backups = new FollowUpBackups(tool, session, schedule.followUpEvery(),
        schedule.followUpMinWalBytes(), WalNames.DEFAULT_SEGMENT_BYTES);
    followUps = backups;
    backups.start();
  }

  /** Before a terminate stops Postgres: no new backup, and a first one under way may finish. */
  public void beforeStop(Duration bound) throws InterruptedException {
    stopFollowUps();
    FirstBackup backup = first;
    if (backup != null && !backup.succeeded()) {
      log.info("waiting up to {} ms for an attempt of the first backup under way before"
          + " stopping postgres (one waiting to retry is taken offline after the stop instead)",
          bound.toMillis());
      backup.await(bound);
    }
  }

  /** After the stop: a timeline that still lacks its first backup gets it from the stopped cluster. */
  public void afterStop(StorageSession session) throws IOException {
    FirstBackup backup = first;
    if (backup != null && !backup.succeeded()) {
      backup.takeOffline();
    } else if (firstNeeded && backup == null) {
      new FirstBackup(tool, session, schedule.retryStart(), schedule.retryMax(), stanzaMissing)
          .takeOffline();
    }
  }

  /** Postgres is gone: nothing more runs. */
  public void stopped() {
    stopFollowUps();
    FirstBackup backup = first;
    if (backup != null) {
      backup.stop();
    }
  }

  private void stopFollowUps() {
    FollowUpBackups backups = followUps;
    if (backups != null) {
      backups.stop();
    }
  }
}
