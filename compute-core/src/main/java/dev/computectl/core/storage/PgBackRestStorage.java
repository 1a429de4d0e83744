package dev.computectl.core.storage;

import dev.computectl.core.ComputeLogContext;
import dev.computectl.core.internal.io.FileTrees;
import dev.computectl.core.internal.postgres.ControlData;
import dev.computectl.core.internal.storage.PgBackRest;
import dev.computectl.core.internal.storage.PrimaryBackups;
import dev.computectl.core.internal.storage.RepoInfo;
import dev.computectl.core.internal.storage.ShutdownPush;
import dev.computectl.core.internal.storage.StorageMarker;
import dev.computectl.core.internal.storage.WalNames;
import dev.computectl.core.port.ComputeStorage;
import dev.computectl.core.port.PgdataRequest;
import dev.computectl.core.port.PgdataResult;
import dev.computectl.core.port.StorageSession;
import dev.computectl.spec.ComputeMode;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.GenericOption;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.SpecProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage on a pgBackRest repository, so a compute keeps no state of its own: a Primary survives
 * restarts and lost disks, a Static compute reads its timeline as it was at an LSN. The stanza is
 * the spec's {@code timeline_id}; the repository is whatever the config file names (a directory,
 * S3, GCS, Azure: pgBackRest's business). While a Primary runs, Postgres archives its WAL there.
 *
 * <p>What a start does with PGDATA, for a Primary:
 *
 * <ul>
 *   <li>a timeline with no backup yet: a fresh cluster (or the one already in PGDATA, never
 *       overwritten), the stanza created, the first full backup taken in the background once the
 *       compute runs;
 *   <li>PGDATA holds this timeline's cluster, shut down cleanly at or after the end of the
 *       archive: started as it is, nothing restored;
 *   <li>PGDATA holds this timeline's cluster after a crash: crash recovery in place, so no
 *       committed transaction is lost to an older restore;
 *   <li>otherwise: restored from the repository to the end of the archive ({@code --delta} onto
 *       a cluster of this timeline), as a standby that the start promotes once it has replayed
 *       all the archived WAL.
 * </ul>
 *
 * A Static compute is restored to exactly its LSN and pauses there. A PGDATA that holds another
 * timeline's cluster, or one compute_ctl did not record, is refused and left untouched. One
 * instance belongs to one compute.
 */
public final class PgBackRestStorage implements ComputeStorage {

  private static final Logger log = LoggerFactory.getLogger(PgBackRestStorage.class);
  /** Settings compute_ctl writes itself; a spec may not set them. */
  private static final List<String> OWN_SETTINGS =
      List.of("archive_mode", "archive_command", "restore_command");
  private static final Duration RESTORE_TIMEOUT = Duration.ofHours(12);

  private final Path config;
  private final FreshStorage fresh;
  private final String binary;
  private final Duration archiveTimeout;
  private final PrimaryBackups.Schedule schedule;
  private volatile PgBackRest tool;
  /** The background backups of the current start; null when it is not a Primary's. */
  private volatile PrimaryBackups backups;
  /** A Replica's backups, should it be promoted: it is then the timeline's Primary. */
  private volatile PrimaryBackups afterPromotion;

  private PgBackRestStorage(Path config, FreshStorage fresh, String binary,
      Duration archiveTimeout, PrimaryBackups.Schedule schedule) {
    this.config = Objects.requireNonNull(config, "config");
    this.fresh = Objects.requireNonNull(fresh, "fresh");
    this.binary = Objects.requireNonNull(binary, "binary");
    this.archiveTimeout = archiveTimeout;
    this.schedule = schedule;
  }

  /**
   * @param config a pgBackRest config file naming the repository (it may hold credentials: it is
   *     passed to pgbackrest by path and never read or logged by compute_ctl)
   * @param fresh how a new timeline's first cluster is made
   */
  public static PgBackRestStorage of(Path config, FreshStorage fresh) {
    return new PgBackRestStorage(config, fresh, "pgbackrest", Duration.ofSeconds(60),
        PrimaryBackups.Schedule.defaults());
  }

  /** The pgbackrest program (default: {@code pgbackrest} on the PATH). */
  public PgBackRestStorage withBinary(String value) {
    return new PgBackRestStorage(config, fresh, value, archiveTimeout, schedule);
  }

  /**
   * {@code archive_timeout}: the longest a committed transaction waits before its WAL is
   * archived, so the most a crash that also loses the disk can lose (default 60 s; a spec setting
   * of the same name wins).
   */
  public PgBackRestStorage withArchiveTimeout(Duration value) {
    return new PgBackRestStorage(config, fresh, binary, value, schedule);
  }

  /** The backoff of a failing first backup (default from 1 s doubling up to 60 s). */
  public PgBackRestStorage withBackupRetry(Duration start, Duration max) {
    return new PgBackRestStorage(config, fresh, binary, archiveTimeout, new PrimaryBackups.Schedule(
        start, max, schedule.followUpEvery(), schedule.followUpMinWalBytes()));
  }

  /**
   * Incremental backups while a Primary runs, so a restore never replays much more WAL than the
   * data it restores: every {@code every} (default 60 s) the repository is asked how much WAL
   * was archived since the newest backup, and when that exceeds the backup's size and {@code
   * minWalBytes} (default 64 MiB) an incremental backup is taken in the background.
   */
  public PgBackRestStorage withIncrementalBackups(Duration every, long minWalBytes) {
    return new PgBackRestStorage(config, fresh, binary, archiveTimeout, new PrimaryBackups.Schedule(
        schedule.retryStart(), schedule.retryMax(), every, minWalBytes));
  }

  public Path config() {
    return config;
  }

  @Override
  public String describe() {
    return "pgBackRest repository (config " + config + ")";
  }

  @Override
  public List<SpecProblem> check(ComputeSpec spec) {
    List<SpecProblem> problems = new ArrayList<>();
    if (spec.timelineId() == null) {
      problems.add(new SpecProblem("timeline_id", "this compute keeps its data in a pgBackRest"
          + " repository, in the stanza named by timeline_id, and the spec has none"));
    }
    List<GenericOption> settings = spec.cluster().settings();
    for (int i = 0; settings != null && i < settings.size(); i++) {
      if (OWN_SETTINGS.contains(settings.get(i).name())) {
        problems.add(new SpecProblem("cluster.settings[" + i + "]", settings.get(i).name()
            + " is written by compute_ctl for its pgBackRest storage; remove it from the spec"));
      }
    }
    return problems;
  }

  /** The running cluster is its timeline's, and archives to that stanza. */
  @Override
  public List<SpecProblem> checkChange(ComputeSpec running, ComputeSpec next) {
    if (running.timelineId() == null || running.timelineId().equals(next.timelineId())) {
      return List.of();
    }
    return List.of(new SpecProblem("timeline_id", "the compute runs timeline "
        + running.timelineId() + " (its PGDATA holds that timeline's cluster and archives to its"
        + " stanza) and cannot switch to " + next.timelineId() + " while it runs; start it again"
        + " with the new spec"));
  }

  @Override
  public List<String> settings(ComputeSpec spec, Path pgdata) {
    // A Replica archives too: a standby archives nothing while it replays, but archive_mode
    // takes a restart to change, so only this way does a promoted replica archive its writes.
    if (spec.mode() instanceof ComputeMode.Static || spec.timelineId() == null) {
      return List.of();
    }
    String command = PgBackRest.archiveCommand(binary, config, spec.timelineId(), pgdata);
    return List.of(
        "archive_mode = on",
        "archive_command = '" + command.replace("'", "''") + "'",
        "archive_timeout = " + archiveTimeout.toSeconds());
  }

  @Override
  public PgdataResult prepare(PgdataRequest request) throws IOException {
    long started = System.nanoTime();
    ComputeSpec spec = request.spec();
    String timeline = Objects.requireNonNull(spec.timelineId(), "timeline_id");
    PgBackRest.checkInstalled(binary, System.getenv("PATH"));
    PgBackRest pgbackrest = new PgBackRest(binary, config, timeline, request.runAs());
    tool = pgbackrest;
    PrimaryBackups previous = backups;
    if (previous != null) {
      previous.stopped();
    }
    backups = spec.mode().isPrimary() ? new PrimaryBackups(pgbackrest, schedule, false) : null;
    afterPromotion = null;
    Path pgdata = request.pgdata();
    StorageMarker wanted = new StorageMarker(nullToEmpty(spec.tenantId()), timeline);
    // Asking the repository is a process of its own; the local checks run meanwhile.
    FutureTask<RepoInfo> asked = new FutureTask<>(pgbackrest::info);
    Thread asking = new Thread(ComputeLogContext.bound(request.computeId(), asked),
        "pgbackrest-info-" + request.computeId());
    asking.setDaemon(true);
    asking.start();
    boolean ours = wanted.ownsClusterIn(pgdata);
    ControlData early = ours && spec.mode().isPrimary() ? controlDataOrNull(request) : null;
    RepoInfo info = PgBackRest.answer(asked);
    if (!info.usable()) {
      throw new IOException("the pgBackRest repository cannot be used for timeline " + timeline
          + " (" + describe() + "): " + info.statusMessage());
    }
    if (spec.mode() instanceof ComputeMode.Static st) {
      return restoreAt(request, pgbackrest, info, st.lsn(), ours, started);
    }
    if (spec.mode() instanceof ComputeMode.Replica) {
      afterPromotion = new PrimaryBackups(pgbackrest, schedule, !info.hasBackup(),
          info.stanzaMissing());
      if (!info.hasBackup()) {
        // Nothing to restore yet: copy the upstream, and record whose cluster it is, so a
        // restart on this disk (or a promotion) finds it this timeline's.
        PgdataResult copied = fresh.prepare(request);
        wanted.write(pgdata, request.runAs());
        return copied;
      }
      // A standby that catches up from the archive (restore_command) and then streams from
      // primary_conninfo when the spec names one.
      return restore(request, pgbackrest, info, ours, List.of("--type=standby"), null, started,
          "as a standby");
    }
    if (!info.hasBackup()) {
      backups = new PrimaryBackups(pgbackrest, schedule, true);
      if (ours) {
        return kept(request, started, "kept the cluster of timeline " + timeline
            + " (no backup yet; the first backup follows the start)");
      }
      PgdataResult made = fresh.prepare(request);
      wanted.write(pgdata, request.runAs());
      if (info.stanzaMissing()) {
        pgbackrest.run(List.of("--pg1-path=" + pgdata, "--no-online", "stanza-create"),
            Duration.ofMinutes(5), null);
      }
      return new PgdataResult(Duration.ofNanos(System.nanoTime() - started), made.bytes(),
          made.description() + ", new timeline " + timeline
              + " (its first backup follows the start)");
    }
    if (ours) {
      ControlData control = early != null ? early
          : ControlData.read(request.binaries(), pgdata, request.runAs());
      if (!control.shutDownCleanly()) {
        return kept(request, started, "crash recovery of the kept cluster of timeline " + timeline
            + " (state: " + control.clusterState() + ")");
      }
      Optional<Lsn> lastSegment = info.archiveLastSegmentStart(control.walSegmentBytes());
      if (lastSegment.isEmpty() || control.latestCheckpoint().compareTo(lastSegment.get()) >= 0) {
        return kept(request, started, "kept the cleanly stopped cluster of timeline " + timeline
            + " at " + control.latestCheckpoint() + " (nothing restored)");
      }
    }
    // As a standby, promoted once it has replayed the archive: the start then waits for no
    // end-of-recovery checkpoint (a plain archive recovery writes one before it takes writes).
    return restore(request, pgbackrest, info, ours, List.of("--type=standby"),
        info.archiveEnd(WalNames.DEFAULT_SEGMENT_BYTES).orElse(null), started,
        "to the end of the archive");
  }

  /** Read while pgbackrest answers; a failure is read again, and reported, where it matters. */
  private static ControlData controlDataOrNull(PgdataRequest request) {
    try {
      return ControlData.read(request.binaries(), request.pgdata(), request.runAs());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private PgdataResult restoreAt(PgdataRequest request, PgBackRest pgbackrest, RepoInfo info,
      Lsn target, boolean ours, long started) throws IOException {
    if (!info.hasBackup()) {
      throw new IOException("timeline " + pgbackrest.stanza() + " has no backup in the"
          + " repository, so no LSN of it can be read (" + info.statusMessage() + ")");
    }
    Lsn oldest = info.oldestReachable().orElseThrow();
    Lsn end = info.archiveEnd(WalNames.DEFAULT_SEGMENT_BYTES).orElse(oldest);
    if (target.compareTo(oldest) < 0 || target.compareTo(end) > 0) {
      throw new IOException("LSN " + target + " of timeline " + pgbackrest.stanza()
          + " cannot be reached from the repository: it holds " + oldest + " to " + end);
    }
    String set = info.newestBackupAtOrBefore(target).orElseThrow().label();
    return restore(request, pgbackrest, info, ours, List.of("--set=" + set, "--type=lsn",
        "--target=" + target, "--target-action=pause"), target, started, "to LSN " + target);
  }

  private PgdataResult restore(PgdataRequest request, PgBackRest pgbackrest, RepoInfo info,
      boolean delta, List<String> how, Lsn restoredTo, long started, String what)
      throws IOException {
    Path pgdata = request.pgdata();
    if (!delta) {
      FileTrees.deleteRecursively(pgdata);
    }
    Files.createDirectories(pgdata);
    Files.setPosixFilePermissions(pgdata, PosixFilePermissions.fromString("rwx------"));
    request.runAs().grant(pgdata);
    List<String> command = new ArrayList<>(List.of("--pg1-path=" + pgdata));
    if (delta) {
      command.add("--delta");
    }
    command.addAll(how);
    command.add("restore");
    long total = info.newest().map(RepoInfo.Backup::bytes).orElse(0L);
    log.info("compute {}: restoring timeline {} {}{} from {}", request.computeId(),
        pgbackrest.stanza(), what, delta ? " (delta onto the kept cluster)" : "", describe());
    pgbackrest.run(command, RESTORE_TIMEOUT, () -> {
      try {
        return new PgBackRest.Sample(FileTrees.size(pgdata), total);
      } catch (IOException e) {
        return new PgBackRest.Sample(0, total);
      }
    });
    new StorageMarker(nullToEmpty(request.spec().tenantId()), pgbackrest.stanza())
        .write(pgdata, request.runAs());
    return new PgdataResult(Duration.ofNanos(System.nanoTime() - started), FileTrees.size(pgdata),
        restoredTo, "restored timeline " + pgbackrest.stanza() + " " + what
            + (delta ? " (delta)" : ""), true);
  }

  /**
   * A Primary's kept cluster started as it is. One that still holds the signal file of a restore
   * (a crash or a failed start came between the restore and its promotion) resumes that replay
   * and is promoted as the restore would have been; started as a plain cluster it would stay a
   * read-only standby.
   */
  private PgdataResult kept(PgdataRequest request, long started, String description)
      throws IOException {
    Path pgdata = request.pgdata();
    boolean replaying = Files.exists(pgdata.resolve("standby.signal"))
        || Files.exists(pgdata.resolve("recovery.signal"));
    return new PgdataResult(Duration.ofNanos(System.nanoTime() - started),
        FileTrees.size(pgdata), null,
        replaying ? description + ", resuming the replay of its restore" : description,
        replaying);
  }

  @Override
  public void started(StorageSession session) {
    if (!session.spec().mode().isPrimary()) {
      return;
    }
    PrimaryBackups current = backups;
    PrimaryBackups promoted = afterPromotion;
    if (current == null && promoted != null) {
      // A promoted replica: from now on the timeline's backups are its own.
      afterPromotion = null;
      backups = promoted;
      current = promoted;
    }
    if (current != null) {
      current.started(session);
    }
  }

  @Override
  public void beforeStop(Duration bound) throws InterruptedException {
    PrimaryBackups current = backups;
    if (current != null) {
      current.beforeStop(bound);
    }
  }

  @Override
  public void afterStop(StorageSession session, Lsn checkpoint) throws IOException {
    PgBackRest pgbackrest = tool;
    if (pgbackrest == null) {
      return;
    }
    PrimaryBackups current = backups;
    if (current != null) {
      current.afterStop(session);
    }
    ShutdownPush.pushThrough(session, pgbackrest, checkpoint);
  }

  @Override
  public void stopped() {
    PrimaryBackups current = backups;
    if (current != null) {
      current.stopped();
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
