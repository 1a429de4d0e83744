package dev.computectl.core.internal.storage;

import dev.computectl.core.ComputeLogContext;
import dev.computectl.core.port.StorageSession;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first full backup of a new timeline, taken in the background once the compute runs and
 * retried with a capped backoff until it succeeds, so the compute does not wait for it. Until it
 * has succeeded the timeline cannot be restored; a terminate therefore waits for it (bounded) and
 * takes it offline after the stop when it is still missing.
 */
public final class FirstBackup {

  static final String OPERATION = "first backup";
  private static final Logger log = LoggerFactory.getLogger(FirstBackup.class);

  private final PgBackRest tool;
  private final StorageSession session;
  private final Duration backoffStart;
  private final Duration backoffMax;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean stopped;
  /** False only while waiting to retry after a failed attempt. */
  private volatile boolean attempting = true;
  private volatile Thread thread;
  /** The repository has no stanza for the timeline yet: create it before the backup. */
  private volatile boolean stanzaMissing;

  public FirstBackup(PgBackRest tool, StorageSession session, Duration backoffStart,
      Duration backoffMax) {
    this(tool, session, backoffStart, backoffMax, false);
  }

  /**
   * @param stanzaMissing the repository has no stanza for the timeline (a replica that copied an
   *     upstream kept elsewhere, then promoted): each attempt creates it first until it exists
   */
  public FirstBackup(PgBackRest tool, StorageSession session, Duration backoffStart,
      Duration backoffMax, boolean stanzaMissing) {
    this.tool = tool;
    this.session = session;
    this.backoffStart = backoffStart;
    this.backoffMax = backoffMax;
    this.stanzaMissing = stanzaMissing;
  }

  public void start() {
    Thread t = new Thread(ComputeLogContext.bound(session.computeId(), this::run),
        session.computeId() + "-first-backup");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  public boolean succeeded() {
    return done.getCount() == 0;
  }

  /**
   * Waits at most {@code bound} for an attempt under way; true when the backup succeeded. A backup
   * waiting to retry after a failure is not waited for: the stopped cluster's offline backup is
   * the quicker way to a restorable timeline then.
   */
  public boolean await(Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (attempting) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return succeeded();
      }
      if (done.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS)) {
        return true;
      }
    }
    return succeeded();
  }

  /** Stops retrying (Postgres is about to stop); an attempt under way is interrupted. */
  public void stop() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private void run() {
    try {
      attempt();
    } finally {
      attempting = false;
    }
  }

  private void attempt() {
    Duration backoff = backoffStart;
    while (!stopped) {
      try {
        long started = System.nanoTime();
        log.info("compute {}: first backup of timeline {} starting", session.computeId(),
            tool.stanza());
        backup(true);
        log.info("compute {}: first backup of timeline {} done in {} ms", session.computeId(),
            tool.stanza(), Duration.ofNanos(System.nanoTime() - started).toMillis());
        done.countDown();
        session.events().succeeded(OPERATION);
        return;
      } catch (IOException e) {
        if (stopped) {
          return;
        }
        log.warn("compute {}: first backup failed, retrying in {} ms: {}", session.computeId(),
            backoff.toMillis(), e.getMessage());
        session.events().failed(OPERATION, e.getMessage());
      }
      attempting = false;
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      attempting = true;
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(backoffMax) > 0 ? backoffMax : doubled;
    }
  }

  /** A full backup, online (Postgres running) or offline (stopped). */
  void backup(boolean online) throws IOException {
    List<String> cluster = PgBackRest.clusterOptions(session.pgdata(), session.port(),
        session.socketDir(), session.adminRole());
    if (stanzaMissing) {
      List<String> create = new java.util.ArrayList<>(cluster);
      if (!online) {
        create.add("--no-online");
      }
      create.add("stanza-create");
      tool.run(create, Duration.ofMinutes(5), null);
      stanzaMissing = false;
      log.info("compute {}: created stanza {} in the repository", session.computeId(),
          tool.stanza());
    }
    List<String> command = new java.util.ArrayList<>(cluster);
    command.add("--type=full");
    if (!online) {
      command.add("--no-online");
    }
    command.add("backup");
    tool.run(command, Duration.ofHours(6), tool.backupProgress());
  }

  /** After the stop: the backup the timeline still lacks, taken from the stopped cluster. */
  public void takeOffline() throws IOException {
    stop();
    log.info("compute {}: taking the first backup of timeline {} offline after the stop",
        session.computeId(), tool.stanza());
    backup(false);
    done.countDown();
    session.events().succeeded(OPERATION);
  }
}
