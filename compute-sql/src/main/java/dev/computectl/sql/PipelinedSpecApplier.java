package dev.computectl.sql;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Database;
import dev.computectl.sql.catalog.CatalogDatabase;
import dev.computectl.sql.catalog.CatalogReader;
import dev.computectl.sql.catalog.CatalogSnapshot;
import dev.computectl.sql.catalog.DatabaseFacts;
import dev.computectl.sql.catalog.FactsToRead;
import dev.computectl.sql.catalog.SettledDatabases;
import dev.computectl.sql.catalog.SharedMarks;
import dev.computectl.sql.exec.PlanExecutor;
import dev.computectl.sql.plan.Plan;
import dev.computectl.sql.plan.PlanOptions;
import dev.computectl.sql.plan.SpecPlanner;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SpecApplier}: reads a catalog snapshot, plans, and sends each phase pipelined; the
 * per-database work is one task and one connection per database, run concurrently. Between
 * applies it keeps only which databases it has settled ({@link SettledDatabases}), so a re-apply
 * of an unchanged spec does not open a session per database. One instance per compute.
 */
public final class PipelinedSpecApplier implements SpecApplier {

  private static final Logger log = LoggerFactory.getLogger(PipelinedSpecApplier.class);

  private final ConnectionFactory factory;
  private final String computeId;
  private final SettledDatabases settled = new SettledDatabases();

  /**
   * @param factory sessions for the apply (see {@link JdbcConnectionFactory})
   * @param computeId names the worker threads, so logs show which compute they belong to
   */
  public PipelinedSpecApplier(ConnectionFactory factory, String computeId) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.computeId = Objects.requireNonNull(computeId, "computeId");
  }

  @Override
  public ApplyReport apply(ComputeSpec spec, ApplyOptions options) throws ApplyException {
    long start = System.nanoTime();
    ThreadFactory threads = threadFactory();
    if (options.firstStart()) {
      settled.forget(); // a (re)started Postgres: verify every database
    }
    try (Connection main = factory.open(null)) {
      Planned planned = plan(main, spec, options, threads);
      ApplyReport report;
      try {
        report = new PlanExecutor(factory, threads, options.concurrency(), options.listener()).run(planned.plan(), main);
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
      return plan(main, spec, options, threadFactory()).plan();
    }
  }

  /** A plan with what it was planned from. */
  private record Planned(Plan plan, CatalogSnapshot snapshot, SharedMarks marks) {}

  private Planned plan(Connection main, ComputeSpec spec, ApplyOptions options, ThreadFactory threads)
      throws SQLException {
    CatalogReader reader = new CatalogReader(options.privilegedRole());
    Optional<String> timeline =
        spec.dropSubscriptionsBeforeStart() ? spec.effectiveTimelineId() : Optional.empty();
    CatalogSnapshot snapshot = reader.read(main, timeline);
    SharedMarks marks = reader.sharedMarks(main);
    SpecPlanner planner = new SpecPlanner(new PlanOptions(options.adminRole(), options.privilegedRole()));
    snapshot = snapshot.withDatabaseFacts(readFacts(spec, snapshot, marks, reader, options, threads));
    Plan plan = planner.plan(spec, snapshot);
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
          : new CatalogReader(options.privilegedRole()).sharedMarks(main);
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
    }
  }

  /**
   * The per-database facts to plan with: {@link FactsToRead} decides which databases are read
   * (with the apply's concurrency) and which are settled by earlier applies of this applier ({@link
   * SettledDatabases}); a database whose facts cannot be read is unknown, so planned blind.
   */
  private Map<String, DatabaseFacts> readFacts(
      ComputeSpec spec, CatalogSnapshot snapshot, SharedMarks marks, CatalogReader reader, ApplyOptions options,
      ThreadFactory threads) {
    long start = System.nanoTime();
    Set<String> stillSettled = settled.stillSettled(
        spec, marks, options.adminRole(), options.privilegedRole(), snapshot.serverVersionNum());
    FactsToRead selected =
        FactsToRead.select(spec, snapshot, marks.defaultAclDatabases(), stillSettled, options.adminRole());
    Map<String, DatabaseFacts> facts =
        selected.facts(readFacts(selected.toRead(), snapshot, reader, options.concurrency(), threads));
    log.info(
        "read facts of {} of {} spec databases in {} ms ({} settled by earlier applies)",
        selected.toRead().size(), spec.cluster().databases().size(),
        Duration.ofNanos(System.nanoTime() - start).toMillis(), selected.settled().size());
    return facts;
  }

  private Map<String, DatabaseFacts> readFacts(
      List<String> names, CatalogSnapshot snapshot, CatalogReader reader, int concurrency, ThreadFactory threads) {
    Map<String, DatabaseFacts> facts = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return facts;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, names.size()), threads);
    try {
      Map<String, Future<DatabaseFacts>> futures = new LinkedHashMap<>();
      for (String name : names) {
        futures.put(name, pool.submit(() -> {
          try (Connection conn = factory.open(name)) {
            return reader.databaseFacts(conn, snapshot.serverVersionNum());
          }
        }));
      }
      for (Map.Entry<String, Future<DatabaseFacts>> entry : futures.entrySet()) {
        try {
          facts.put(entry.getKey(), entry.getValue().get());
        } catch (ExecutionException e) {
          log.warn("could not read facts of database \"{}\"; planning it blind: {}", entry.getKey(), e.getCause().toString());
          facts.put(entry.getKey(), DatabaseFacts.unknown());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    } finally {
      pool.shutdown();
    }
    return facts;
  }

  private ThreadFactory threadFactory() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "apply-" + computeId + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
