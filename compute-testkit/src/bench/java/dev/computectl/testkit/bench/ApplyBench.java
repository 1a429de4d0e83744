package dev.computectl.testkit.bench;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.ApplyOptions;
import dev.computectl.sql.ApplyReport;
import dev.computectl.sql.Concurrency;
import dev.computectl.sql.JdbcConnectionFactory;
import dev.computectl.sql.PipelinedSpecApplier;
import dev.computectl.sql.plan.Plan;
import dev.computectl.testkit.postgres.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P1/P1s (apply of a large spec: ours, the psql floor, the naive executor, and ours with one
 * database at a time) and P2 (the no-op re-apply after ours, by the same applier as a compute
 * does it, and by a new applier as after a restart). Every variant gets a fresh Postgres
 * from the template cache; the order of the variants rotates from run to run so slow drift of
 * this shared machine does not favour one of them.
 */
final class ApplyBench {

  private static final String OURS = "ours";
  private static final String OURS_C1 = "ours_c1";
  private static final String FLOOR = "floor";
  private static final String NAIVE = "naive";

  private final BenchSettings settings;
  private final Results results;

  ApplyBench(BenchSettings settings, Results results) {
    this.settings = settings;
    this.results = results;
  }

  /** Runs one apply section; P2 figures come from the re-apply after each run of ours. */
  void run(String section, ComputeSpec spec, boolean withNoOp) throws Exception {
    int concurrency = Concurrency.forStartup(spec);
    Map<String, List<Double>> ms = new LinkedHashMap<>();
    for (String v : List.of(OURS, FLOOR, NAIVE, OURS_C1)) {
      ms.put(v, new ArrayList<>());
    }
    List<Double> noOpMs = new ArrayList<>();
    List<Double> noOpWrites = new ArrayList<>();
    List<Double> noOpStatements = new ArrayList<>();
    List<Double> coldMs = new ArrayList<>();
    List<Double> coldWrites = new ArrayList<>();
    int expectedRoles = spec.cluster().roles().size();
    int expectedDbs = spec.cluster().databases().size();
    List<String> order = new ArrayList<>(ms.keySet());
    for (int run = 0; run < settings.runs(); run++) {
      for (String variant : order) {
        try (TestPostgres pg = TestPostgres.start()) {
          JdbcConnectionFactory sessions =
              JdbcConnectionFactory.fromConnstr(pg.connstr(), "compute_ctl:bench");
          PipelinedSpecApplier applier = applier(sessions);
          double took = switch (variant) {
            case OURS, OURS_C1 ->
                timed(() -> applier.apply(spec, options(variant.equals(OURS) ? concurrency : 1)));
            case FLOOR -> floor(spec, pg, sessions);
            default -> timed(() -> new NaiveApplier(sessions, TestPostgres.ADMIN).apply(spec));
          };
          check(pg, variant, expectedRoles, expectedDbs);
          ms.get(variant).add(took);
          if (withNoOp && variant.equals(OURS)) {
            // As a compute re-applies: the same applier, which knows what it settled.
            long start = System.nanoTime();
            ApplyReport again = applier.apply(spec, reconfigure(concurrency));
            noOpMs.add((System.nanoTime() - start) / 1e6);
            noOpWrites.add((double) again.writes());
            noOpStatements.add((double) again.statementsSent());
            // As a compute that starts on a catalog that is already applied: a new applier's
            // first apply at startup, which has only what the cluster itself stored.
            start = System.nanoTime();
            ApplyReport cold = applier(sessions).apply(spec, options(concurrency));
            coldMs.add((System.nanoTime() - start) / 1e6);
            coldWrites.add((double) cold.writes());
          }
        }
      }
      Collections.rotate(order, 1);
    }
    report(section, ms, concurrency, expectedRoles, expectedDbs);
    if (withNoOp) {
      Stats p2 = Stats.of(noOpMs);
      results.figure("P2", "no-op re-apply of the P1 spec", "ms", p2, "ms",
          "catalog read + plan; nothing to send");
      results.figure("P2", "writes sent by the re-apply", "writes", Stats.of(noOpWrites), "",
          "target 0");
      results.figure("P2", "statements sent by the re-apply", "statements",
          Stats.of(noOpStatements), "", "");
      double share = p2.median() / Stats.of(ms.get(OURS)).median();
      results.derived("P2", "re-apply / P1 apply", "share_of_p1", share, "",
          target("<= 0.05", share <= 0.05));
      Stats cold = Stats.of(coldMs);
      results.figure("P2", "no-op apply by a new applier (a restart on an applied catalog)",
          "cold_ms", cold, "ms", "stored settled marks, checked against the shared catalogs");
      results.figure("P2", "writes sent by the new applier", "cold_writes", Stats.of(coldWrites),
          "", "target 0");
      double coldShare = cold.median() / Stats.of(ms.get(OURS)).median();
      results.derived("P2", "new-applier no-op / P1 apply", "cold_share_of_p1", coldShare, "",
          target("<= 0.05", coldShare <= 0.05));
    }
  }

  private void report(String section, Map<String, List<Double>> ms, int concurrency, int roles,
      int dbs) {
    String what = roles + " roles, " + dbs + " dbs";
    Stats ours = Stats.of(ms.get(OURS));
    Stats floor = Stats.of(ms.get(FLOOR));
    Stats naive = Stats.of(ms.get(NAIVE));
    Stats oursC1 = Stats.of(ms.get(OURS_C1));
    results.figure(section, "ours, concurrency " + concurrency + " (" + what + ")", "ours_ms",
        ours, "ms", "catalog read + plan + pipelined send");
    results.figure(section, "floor: one psql -f session", "floor_ms", floor, "ms",
        "same statements, plan not timed");
    results.figure(section, "naive: connection + round trip per statement", "naive_ms", naive,
        "ms", "catalog read + plan + send");
    results.figure(section, "ours, concurrency 1", "ours_c1_ms", oursC1, "ms",
        "what per-database concurrency buys");
    double oursFloor = ours.median() / floor.median();
    double naiveOurs = naive.median() / ours.median();
    // The targets were set for P1 (md5 roles); P1s only shows how the same executor fares with
    // SCRAM roles, so it prints the ratios without a verdict.
    boolean targets = section.equals("P1");
    results.derived(section, "ours / floor", "ours_over_floor", oursFloor, "x",
        targets ? target("<= 1.0", oursFloor <= 1.0) : "");
    results.derived(section, "naive / ours", "naive_over_ours", naiveOurs, "x",
        targets ? target(">= 5", naiveOurs >= 5) : "");
    results.derived(section, "ours c1 / ours", "c1_over_ours", oursC1.median() / ours.median(),
        "x", "");
  }

  private double floor(ComputeSpec spec, TestPostgres pg, JdbcConnectionFactory sessions)
      throws Exception {
    Plan plan = Planning.plan(spec, sessions, TestPostgres.ADMIN);
    Path dir = Files.createTempDirectory("bench-floor-");
    try {
      Path script = FloorScript.write(plan, dir, "postgres");
      return FloorScript.run(pg, script);
    } finally {
      Files.deleteIfExists(dir.resolve("floor.sql"));
      Files.deleteIfExists(dir);
    }
  }

  /**
   * The targets are set for the full-size spec (1000 roles, 100 databases); a quick run's tenth
   * of it has different proportions (fixed costs weigh more), so it reports without a verdict.
   */
  private String target(String bound, boolean met) {
    if (settings.quick()) {
      return "target " + bound + " is for the full-size run";
    }
    return "target " + bound + ": " + (met ? "met" : "NOT met");
  }

  private static PipelinedSpecApplier applier(JdbcConnectionFactory sessions) {
    return new PipelinedSpecApplier(sessions, "bench");
  }

  private static ApplyOptions options(int concurrency) {
    return new ApplyOptions(TestPostgres.ADMIN, Planning.PRIVILEGED_ROLE, concurrency, true, null);
  }

  private static ApplyOptions reconfigure(int concurrency) {
    return new ApplyOptions(TestPostgres.ADMIN, Planning.PRIVILEGED_ROLE, concurrency, false, null);
  }

  /** Every variant must have created the same objects, or its time means nothing. */
  private static void check(TestPostgres pg, String variant, int roles, int dbs)
      throws Exception {
    try (Connection conn = pg.connect("postgres"); Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM pg_roles WHERE rolname LIKE"
            + " 'bench%'), (SELECT count(*) FROM pg_database WHERE datname LIKE 'bench%')")) {
      rs.next();
      if (rs.getInt(1) != roles || rs.getInt(2) != dbs) {
        throw new IllegalStateException(variant + " created " + rs.getInt(1) + " roles and "
            + rs.getInt(2) + " databases, expected " + roles + " and " + dbs);
      }
    }
  }

  interface Work {
    Object run() throws Exception;
  }

  static double timed(Work work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e6;
  }
}
