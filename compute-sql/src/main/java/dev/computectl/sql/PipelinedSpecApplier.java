package dev.computectl.sql;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Database;
import dev.computectl.sql.catalog.CatalogDatabase;
import dev.computectl.sql.catalog.CatalogReader;
import dev.computectl.sql.catalog.CatalogSnapshot;
import dev.computectl.sql.internal.exec.PlanExecutor;
import dev.computectl.sql.internal.facts.FactsReader;
import dev.computectl.sql.internal.facts.FactsToRead;
import dev.computectl.sql.internal.facts.SettledDatabases;
import dev.computectl.sql.internal.facts.SharedMarks;
import dev.computectl.sql.internal.facts.SharedMarksReader;
import dev.computectl.sql.plan.Plan;
import dev.computectl.sql.plan.PlanOptions;
import dev.computectl.sql.plan.SpecPlanner;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The {@link SpecApplier}: reads a catalog snapshot, plans once, and sends each phase pipelined;
 * the per-database work is one task and one connection per database, run concurrently. Between
 * applies it keeps only which databases it has settled, in memory and in the cluster's own
 * {@code compute_ctl.settled_databases}, so neither a re-apply of an unchanged spec nor the first
 * apply after a restart opens a session per database. One instance per compute, running one
 * apply at a time.
 *
 * <p>The concurrent work (extra sessions, per-database tasks, facts reads) runs on one executor:
 * either the applier's own, created by {@link #PipelinedSpecApplier(ConnectionFactory, String)} and
 * shut down by {@link #close()}, or the embedder's, which {@link #close()} leaves alone. The calling
 * thread always works too, so an apply finishes even if that executor takes no work.
 */
public final class PipelinedSpecApplier implements SpecApplier, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PipelinedSpecApplier.class);

  /** How long an idle worker thread of the applier's own executor stays around. */
  private static final long IDLE_THREAD_SECONDS = 30;

  private final ConnectionFactory factory;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final SettledDatabases settled = new SettledDatabases();

  /**
   * An applier with its own executor: daemon threads named {@code apply-<computeId>-N}, started
   * when an apply needs them and ended when idle; {@link #close()} shuts it down.
   *
   * @param factory sessions for the apply (see {@link JdbcConnectionFactory})
   * @param computeId names the worker threads, so logs show which compute they belong to
   */
  public PipelinedSpecApplier(ConnectionFactory factory, String computeId) {
    this(factory, ownExecutor(Objects.requireNonNull(computeId, "computeId")), true);
  }

  /**
   * An applier that runs its concurrent work on {@code executor}, which the embedder owns: {@link
   * #close()} does not shut it down. A bounded or busy executor slows an apply down, it does not
   * fail it.
   */
  public PipelinedSpecApplier(ConnectionFactory factory, ExecutorService executor) {
    this(factory, Objects.requireNonNull(executor, "executor"), false);
  }

  private PipelinedSpecApplier(ConnectionFactory factory, ExecutorService executor, boolean ownsExecutor) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
  }

  @Override
  public ApplyReport apply(ComputeSpec spec, ApplyOptions options) throws ApplyException {
    long start = System.nanoTime();
    try (Connection main = factory.open(null)) {
      loadSettled(main, options);
      Planned planned = plan(main, spec, options);
      if (!planned.plan().commands().isEmpty()) {
        settled.beforeChanges(main);
      }
      ApplyReport report;
      try {
        report = new PlanExecutor(factory, executor, options.concurrency(), options.listener())
            .run(planned.plan(), main);
      } catch (ApplyException e) {
        settled.forget();
        throw e;
      }
      settleAfter(main, spec, planned, options, report);
      log.info(
          "apply done: {} statements, {} writes, {} ms (with catalog read {} ms)",
          report.statementsSent(), report.writes(), report.elapsed().toMillis(),
          Duration.ofNanos(System.nanoTime() - start).toMillis());
      return report;
    } catch (SQLException e) {
      settled.forget();
      throw new ApplyException(
          "apply failed before any phase ran (catalog read or connection): [" + e.getSQLState() + "] " + e.getMessage(),
          new ApplyReport(List.of(), 0, 0, Duration.ofNanos(System.nanoTime() - start)), e);
    }
  }

  /**
   * Plans the spec against the live catalog exactly as {@link #apply} would, and sends nothing:
   * what {@code compute_ctl --print-plan} prints.
   */
  public Plan plan(ComputeSpec spec, ApplyOptions options) throws SQLException {
    try (Connection main = factory.open(null)) {
      loadSettled(main, options);
      return plan(main, spec, options).plan();
    }
  }

  /** Shuts down the applier's own executor (not one the embedder passed in). Idempotent. */
  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdown();
    }
  }

  /**
   * At a first start, or the first apply of this applier: a (re)started Postgres may hold other
   * data than this applier last saw, so take what the cluster itself says was settled; each claim
   * is still checked against the shared catalogs before it is trusted.
   */
  private void loadSettled(Connection main, ApplyOptions options) throws SQLException {
    if (options.firstStart() || !settled.loaded()) {
      settled.load(main);
    }
  }

  /** A plan with what it was planned from. */
  private record Planned(Plan plan, CatalogSnapshot snapshot, SharedMarks marks) {}

  /**
   * Reads the snapshot and the shared marks on the main session, decides which databases' facts
   * to read ({@link FactsToRead}), reads them, and plans once.
   */
  private Planned plan(Connection main, ComputeSpec spec, ApplyOptions options) throws SQLException {
    CatalogReader reader = new CatalogReader(options.privilegedRole());
    Optional<String> timeline =
        spec.dropSubscriptionsBeforeStart() ? spec.effectiveTimelineId() : Optional.empty();
    CatalogSnapshot snapshot = reader.read(main, timeline);
    SharedMarks marks = new SharedMarksReader(options.privilegedRole()).read(main);
    long start = System.nanoTime();
    Set<String> stillSettled = settled.stillSettled(
        spec, marks, options.adminRole(), options.privilegedRole(), snapshot.serverVersionNum());
    FactsToRead selected =
        FactsToRead.select(spec, snapshot, marks.defaultAclDatabases(), stillSettled, options.adminRole());
    snapshot = snapshot.withDatabaseFacts(selected.facts(FactsReader.read(
        selected.toRead(), factory, reader, snapshot.serverVersionNum(), executor, options.concurrency())));
    log.info(
        "read facts of {} of {} spec databases in {} ms ({} settled by earlier applies)",
        selected.toRead().size(), spec.cluster().databases().size(),
        Duration.ofNanos(System.nanoTime() - start).toMillis(), selected.settled().size());

    Plan plan = new SpecPlanner(new PlanOptions(options.adminRole(), options.privilegedRole())).plan(spec, snapshot);
    plan.warnings().forEach(w -> log.warn("plan: {}", w));
    log.info(
        "planned {} statements ({} writes) for {} roles and {} databases",
        plan.commands().size(), plan.writes(), spec.cluster().roles().size(), spec.cluster().databases().size());
    if (log.isDebugEnabled()) {
      log.debug("plan:\n{}", plan.render()); // render() masks passwords
    }
    return new Planned(plan, snapshot, marks);
  }

  /**
   * Remembers the spec databases whose per-database state is now as planned: every one that was
   * accessible before and after the apply (its per-database work, if any, all succeeded, or the
   * apply would have failed). When nothing was sent, the marks read for planning still hold.
   */
  private void settleAfter(
      Connection main, ComputeSpec spec, Planned planned, ApplyOptions options, ApplyReport report) {
    try {
      SharedMarks after = report.statementsSent() == 0
          ? planned.marks()
          : new SharedMarksReader(options.privilegedRole()).read(main);
      Set<String> names = new HashSet<>();
      for (Database db : spec.cluster().databases()) {
        CatalogDatabase before = planned.snapshot().databases().get(db.name());
        if (before == null || before.accessible()) {
          names.add(db.name());
        }
      }
      settled.settle(spec, names, after, options.adminRole(), options.privilegedRole(), planned.snapshot().serverVersionNum());
    } catch (SQLException e) {
      settled.forget();
      log.warn("could not read the shared catalogs after the apply; the next apply reads every database: {}", e.getMessage());
      return;
    }
    try {
      settled.store(main, options.adminRole());
    } catch (SQLException e) {
      // Only a restart pays for this: it reads every database instead of trusting stored claims.
      log.warn("could not store the settled databases in {}: {}", "compute_ctl.settled_databases", e.getMessage());
    }
  }

  /** A cached pool: threads start when an apply needs them and end when idle. */
  private static ExecutorService ownExecutor(String computeId) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      // The key compute-core's ComputeLogContext uses: the workers' lines name their compute.
      Runnable tagged = () -> {
        MDC.put("compute_id", computeId);
        r.run();
      };
      Thread t = new Thread(tagged, "apply-" + computeId + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    return new ThreadPoolExecutor(
        0, Integer.MAX_VALUE, IDLE_THREAD_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
  }
}
