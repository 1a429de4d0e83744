package dev.computectl.testkit.e2e;

import static dev.computectl.testkit.e2e.ScenarioSupport.sql;
import static dev.computectl.testkit.e2e.StorageSupport.RUNNING;
import static dev.computectl.testkit.e2e.StorageSupport.count;
import static dev.computectl.testkit.e2e.StorageSupport.insert;
import static dev.computectl.testkit.e2e.StorageSupport.killPostmaster;
import static dev.computectl.testkit.e2e.StorageSupport.newTimeline;
import static dev.computectl.testkit.e2e.StorageSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.api.ComputeMetrics;
import dev.computectl.spec.api.TerminateResponse;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.WorkDirs;
import dev.computectl.testkit.launcher.LauncherProcess;
import dev.computectl.testkit.spec.SpecBuilder;
import dev.computectl.testkit.storage.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Computes on a pgBackRest repository, as a control-plane test would use them: a Primary keeps
 * its rows across terminate and a wiped PGDATA, a kept disk is crash-recovered in place, a lost
 * disk after a crash restores what was archived, a Static compute reads a timeline as it was at
 * an LSN, and two timelines in one repository stay apart (replicas: {@link
 * ReplicaStorageScenariosIT}). One repository for the class; each
 * test uses timelines of its own.
 */
class StorageScenariosIT {

  private static final StorageFixture storage = new StorageFixture();
  private static final TestRepository repo = storage.repo();

  @AfterAll
  static void removeRepositoryAndDisks() throws Exception {
    storage.close();
  }

  /**
   * {@code /metrics.json} of a start that restored from the repository: Neon's base-backup fields
   * carry the restore's time and the restored PGDATA's bytes; the fields of Neon's safekeepers,
   * pageserver and extension server, which a vanilla compute has none of, stay 0.
   */
  private static void assertRestoreTimingsAreFilled(ComputeMetrics m) {
    assertThat(m.basebackupMs()).as("restore time").isPositive();
    assertThat(m.basebackupBytes()).as("restored PGDATA bytes").isGreaterThan(1L << 20);
    assertThat(m.startPostgresMs()).isPositive();
    assertThat(m.totalStartupMs())
        .isGreaterThanOrEqualTo(m.basebackupMs() + m.startPostgresMs() + m.configMs());
    assertThat(List.of(m.syncSkCheckMs(), m.syncSafekeepersMs(), m.pageserverConnectMicros(),
        m.loadExtMs(), m.numExtDownloaded(), m.largestExtSize(), m.totalExtDownloadSize()))
        .containsOnly(0L);
  }

  @Test
  void aPrimaryKeepsEveryCommittedRowAcrossTerminateAndAWipedPgdataTwice() throws Exception {
    String timeline = newTimeline();
    try (TestCompute first = storage.primary(timeline)) {
      insert(first, 1, 100);
      TerminateResponse stopped = first.client().terminate();
      assertThat(stopped.lsn()).as("a Primary's terminate LSN is durable").isNotNull();
    }
    assertThat(repo.hasBackup(timeline)).as("a terminate never leaves a timeline without backup")
        .isTrue();
    try (TestCompute second = storage.primary(timeline)) {
      assertThat(count(second)).isEqualTo(100);
      assertThat(second.logLines()).anyMatch(l -> l.contains("restored timeline " + timeline));
      assertRestoreTimingsAreFilled(second.client().metricsJson());
      insert(second, 101, 150);
      assertThat(second.client().terminate().lsn()).isNotNull();
    }
    try (TestCompute third = storage.primary(timeline)) {
      assertThat(count(third)).isEqualTo(150);
    }
  }

  @Test
  void aFirstBackupThatKeepsFailingShowsInStatusAndIsTakenOfflineAtTerminate() throws Exception {
    String timeline = newTimeline();
    // pgbackrest as usual, except that it refuses online backups: the first backup cannot finish
    // while Postgres runs, so the terminate has to take it from the stopped cluster.
    Path bin = storage.dir("pgbr-wrapper-");
    Path wrapper = bin.resolve("pgbackrest");
    Files.writeString(wrapper, "#!/bin/sh\n"
        + "case \" $* \" in *\" backup\"*) case \" $* \" in *--no-online*) ;; *)"
        + " echo 'online backups are refused by this test' >&2; exit 1;; esac;; esac\n"
        + "exec pgbackrest \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, java.nio.file.attribute.PosixFilePermissions
        .fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(bin, java.nio.file.attribute.PosixFilePermissions
        .fromString("rwxr-xr-x"));
    var refusingOnline = repo.storage(WorkDirs.templateCache()).withBinary(wrapper.toString())
        .withBackupRetry(Duration.ofMillis(200), Duration.ofSeconds(1));
    try (TestCompute first = TestCompute.builder().storage(refusingOnline).spec(spec(timeline))
        .start().awaitRunning()) {
      insert(first, 1, 30);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(first.statusResponse().error()).as("a failing backup shows in /status")
              .contains("first backup").contains("online backups are refused by this test"));
      assertThat(repo.hasBackup(timeline)).isFalse();
      assertThat(first.client().terminate().lsn()).isNotNull();
      assertThat(first.logLines()).anyMatch(l -> l.contains("taking the first backup of timeline "
          + timeline + " offline after the stop"));
    }
    assertThat(repo.hasBackup(timeline)).as("the terminate left a restorable timeline").isTrue();
    try (TestCompute second = storage.primary(timeline)) {
      assertThat(count(second)).isEqualTo(30);
    }
  }

  @Test
  void aKeptCleanDiskStartsAsItIsAndAKilledOneIsCrashRecoveredInPlace() throws Exception {
    String timeline = newTimeline();
    Path pgdata = storage.pgdata("kept-");
    try (TestCompute first = storage.primaryOn(timeline, pgdata)) {
      insert(first, 1, 10);
      first.client().terminate();
    }
    // The second compute is a compute_ctl process, so the crash can take it down too.
    try (TestCompute second = TestCompute.builder().subprocess().pgbackrest(repo).pgdata(pgdata)
        .spec(spec(timeline)).start().awaitRunning()) {
      assertThat(second.logLines()).anyMatch(l -> l.contains("kept the cleanly stopped cluster"));
      assertThat(count(second)).isEqualTo(10);
      insert(second, 11, 20);
      // A crash that keeps the disk: compute_ctl and the postmaster die (kill -9), no terminate,
      // nothing archived since.
      ProcessHandle computeCtl = ProcessHandle.current().children()
          .filter(p -> p.info().commandLine().orElse("").contains(pgdata.toString()))
          .findFirst().orElseThrow();
      long postmaster = second.postmasterPid().orElseThrow();
      new ProcessBuilder("kill", "-9", Long.toString(computeCtl.pid()), Long.toString(postmaster))
          .start().waitFor();
      await().atMost(Duration.ofSeconds(30)).until(() -> LauncherProcess.gone(computeCtl.pid())
          && LauncherProcess.gone(postmaster));
    }
    try (TestCompute third = storage.primaryOn(timeline, pgdata)) {
      assertThat(third.logLines()).anyMatch(l -> l.contains("crash recovery of the kept cluster"));
      assertThat(count(third)).as("every committed row, not an older restore").isEqualTo(20);
      third.client().terminate();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  // standby.signal: what our restore writes; recovery.signal: what a plain archive restore (an
  // older compute_ctl, or one by hand) leaves.
  @org.junit.jupiter.params.provider.ValueSource(strings = {"standby.signal", "recovery.signal"})
  void aStartThatCrashedWhileReplayingItsRestoreResumesTheReplayAndTakesWrites(String signalFile)
      throws Exception {
    String timeline = newTimeline();
    Path pgdata = storage.pgdata("replaying-");
    try (TestCompute first = storage.primaryOn(timeline, pgdata)) {
      await().atMost(RUNNING).until(() -> repo.hasBackup(timeline));
      insert(first, 1, 25);
      killPostmaster(first);
    }
    // What a crash between a restore and its promotion leaves: a cluster that was not shut
    // down, with the signal file the restore wrote. Started as it is under standby.signal, it
    // would stay a read-only standby for good.
    Path signal = Files.createFile(pgdata.resolve(signalFile));
    Files.setOwner(signal, Files.getOwner(pgdata));
    // And the restore_command a pgbackrest restore writes (archive recovery needs one).
    Files.writeString(pgdata.resolve("postgresql.auto.conf"), "restore_command = 'pgbackrest"
        + " --config=" + repo.config() + " --pg1-path=" + pgdata + " --stanza=" + timeline
        + " archive-get %f \"%p\"'\n", java.nio.file.StandardOpenOption.APPEND);
    try (TestCompute second = storage.primaryOn(timeline, pgdata)) {
      assertThat(second.logLines()).anyMatch(l -> l.contains("resuming the replay of its restore"));
      assertThat(count(second)).isEqualTo(25);
      insert(second, 26, 30);
      assertThat(count(second)).as("the resumed cluster was promoted and takes writes")
          .isEqualTo(30);
      assertThat(pgdata.resolve(signalFile)).doesNotExist();
      second.client().terminate();
    }
  }

  @Test
  void aLostDiskAfterACrashRestoresWhatWasArchived() throws Exception {
    String timeline = newTimeline();
    String archived;
    try (TestCompute first = storage.primary(timeline)) {
      await().atMost(RUNNING).until(() -> repo.hasBackup(timeline));
      insert(first, 1, 30);
      archived = sql(first, "SELECT pg_walfile_name(pg_switch_wal())");
      await().atMost(Duration.ofSeconds(60)).until(() -> archived.compareTo(
          String.valueOf(sql(first, "SELECT last_archived_wal FROM pg_stat_archiver"))) <= 0);
      killPostmaster(first);
    }
    // The work dir (and its PGDATA) went with the first compute: the disk is lost.
    try (TestCompute second = storage.primary(timeline)) {
      assertThat(count(second)).isEqualTo(30);
      assertThat(second.logLines()).anyMatch(l -> l.contains("to the end of the archive")
          && l.contains("LSN"));
    }
  }

  @Test
  void aPrimaryTakesAnIncrementalBackupOnceItsWalOutgrowsTheNewestBackup() throws Exception {
    String timeline = newTimeline();
    try (TestCompute first = TestCompute.builder().spec(spec(timeline))
        .storage(repo.storage(new TemplateCache(WorkDirs.templateCache().root()))
            .withIncrementalBackups(Duration.ofMillis(500), 1L << 20))
        .start().awaitRunning()) {
      await().atMost(RUNNING).until(() -> repo.hasBackup(timeline));
      // About 50 MB of rows: more WAL than the first backup of an empty cluster holds.
      sql(first, "CREATE TABLE items AS SELECT g AS id, repeat('x', 500) AS pad"
          + " FROM generate_series(1, 90000) g");
      sql(first, "SELECT pg_switch_wal()");
      await().atMost(Duration.ofSeconds(90)).until(() -> repo.backupTypes(timeline).contains("incr"));
      assertThat(first.logLines()).anyMatch(l -> l.contains("taking an incremental backup"));
      first.client().terminate();
    }
    try (TestCompute second = storage.primary(timeline)) {
      assertThat(count(second)).isEqualTo(90000);
    }
  }

  @Test
  void aStaticComputeSeesItsTimelineAsItWasAtTheLsn() throws Exception {
    String timeline = newTimeline();
    try (TestCompute primary = storage.primary(timeline)) {
      await().atMost(RUNNING).until(() -> repo.hasBackup(timeline));
      insert(primary, 1, 10);
      String lsn = sql(primary, "SELECT pg_current_wal_insert_lsn()");
      insert(primary, 11, 15);
      String segment = sql(primary, "SELECT pg_walfile_name(pg_switch_wal())");
      await().atMost(Duration.ofSeconds(60)).until(() -> segment.compareTo(
          String.valueOf(sql(primary, "SELECT last_archived_wal FROM pg_stat_archiver"))) <= 0);

      try (TestCompute past = TestCompute.builder().pgbackrest(repo)
          .spec(spec(timeline).staticAt(lsn)).start().awaitRunning()) {
        assertThat(count(past)).isEqualTo(10);
        insert(primary, 16, 20);
        assertThat(count(past)).as("still the past after more writes").isEqualTo(10);
        assertThat(sql(past, "SELECT pg_is_in_recovery()")).isEqualTo("t");
        assertThat(past.client().terminate().lsn()).as("Static answers null").isNull();
      }

      Lsn far = new Lsn(Lsn.parse(lsn).value() + (1L << 36));
      long started = System.nanoTime();
      try (TestCompute unreachable = TestCompute.builder().pgbackrest(repo)
          .spec(spec(timeline).staticAt(far.toString())).start()) {
        unreachable.awaitStatus(ComputeStatus.FAILED, Duration.ofSeconds(60));
        assertThat(unreachable.statusResponse().error())
            .contains("LSN " + far).contains("cannot be reached").contains(" to ");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
    }
  }

  @Test
  void anotherTimelinesClusterIsRefusedAndLeftUntouched() throws Exception {
    String a = newTimeline();
    String b = newTimeline();
    Path pgdata = storage.pgdata("kept-");
    try (TestCompute first = TestCompute.builder().pgbackrest(repo).pgdata(pgdata)
        .spec(spec(a)).start().awaitRunning()) {
      insert(first, 1, 5);
      first.client().terminate();
    }
    long files = countFiles(pgdata);
    try (TestCompute other = TestCompute.builder().pgbackrest(repo).pgdata(pgdata)
        .spec(spec(b)).start()) {
      other.awaitStatus(ComputeStatus.FAILED, Duration.ofSeconds(60));
      assertThat(other.statusResponse().error()).contains("timeline " + a).contains(b)
          .contains("nothing was deleted");
    }
    assertThat(countFiles(pgdata)).isEqualTo(files);
    assertThat(Files.readString(pgdata.resolve("compute_ctl.storage"))).contains(a);
    try (TestCompute again = TestCompute.builder().pgbackrest(repo).pgdata(pgdata)
        .spec(spec(a)).start().awaitRunning()) {
      assertThat(count(again)).isEqualTo(5);
    }
  }

  @Test
  void aSpecWithoutTimelineIsRefusedWhenStorageIsConfigured() {
    try (TestCompute compute = TestCompute.builder().pgbackrest(repo).noSpec().start()) {
      var answer = ScenarioSupport.configureRaw(compute,
          SpecBuilder.spec().role("app").without("timeline_id"));
      assertThat(answer.statusCode()).isEqualTo(400);
      assertThat(answer.body()).contains("timeline_id").contains("pgBackRest");
      assertThat(compute.status()).isEqualTo(ComputeStatus.EMPTY);
    }
  }

  @Test
  void aTerminateWhoseWalCannotBeMadeDurableAnswers500AndTheComputeExitsNonZero()
      throws Exception {
    String timeline = newTimeline();
    try (TestCompute compute = storage.primary(timeline)) {
      await().atMost(RUNNING).until(() -> repo.hasBackup(timeline));
      insert(compute, 1, 10);
      Path archive = repo.directory().resolve("archive").resolve(timeline);
      // The repository refuses writes from now on: the shutdown segment cannot be pushed.
      new ProcessBuilder("chmod", "-R", "a-w", archive.toString()).start().waitFor();
      try {
        var answer = compute.client().external("POST", "/terminate", "");
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).contains("could not be made durable").contains("pgbackrest");
        assertThat(compute.status()).isEqualTo(ComputeStatus.TERMINATED);
        assertThat(compute.postmasterPid()).as("postgres is stopped anyway").isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> compute.exitCode().isPresent());
        assertThat(compute.exitCode()).contains(1);
      } finally {
        new ProcessBuilder("chmod", "-R", "u+w", archive.toString()).start().waitFor();
      }
    }
  }

  @Test
  void aRepositoryThatCannotBeUsedFailsTheStartWithPgbackrestsOwnMessage() throws Exception {
    Path config = storage.dir("badrepo-").resolve("pgbackrest.conf");
    Files.writeString(config, "[global]\nrepo1-path=/root/no-repository-here\n"
        + "log-level-file=off\nlock-path=/tmp/pgbackrest-" + newTimeline() + "\n");
    var unusable = dev.computectl.core.storage.PgBackRestStorage.of(config,
        dev.computectl.core.storage.FreshStorage.cached(WorkDirs.templateCache()));
    try (TestCompute compute = TestCompute.builder().storage(unusable)
        .spec(spec(newTimeline())).start()) {
      compute.awaitStatus(ComputeStatus.FAILED, Duration.ofSeconds(60));
      assertThat(compute.statusResponse().error()).contains("pgbackrest")
          .contains("/root/no-repository-here");
      assertThat(compute.postmasterPid()).as("no partial PGDATA left running").isEmpty();
    }
  }

  private static long countFiles(Path dir) throws Exception {
    try (var paths = Files.walk(dir)) {
      return paths.count();
    }
  }
}
