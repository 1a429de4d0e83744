package dev.computectl.testkit.sql;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.ApplyOptions;
import dev.computectl.sql.ApplyReport;
import dev.computectl.sql.JdbcConnectionFactory;
import dev.computectl.sql.PipelinedSpecApplier;
import dev.computectl.sql.SqlQuoting;
import dev.computectl.sql.catalog.CatalogReader;
import dev.computectl.sql.catalog.CatalogSnapshot;
import dev.computectl.sql.plan.Plan;
import dev.computectl.sql.plan.PlanOptions;
import dev.computectl.sql.plan.SpecPlanner;
import dev.computectl.sql.plan.SqlCommand;
import dev.computectl.sql.plan.Target;
import dev.computectl.testkit.postgres.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: compares the pipelined apply with the one-session psql floor and a naive executor
 * (one statement per round trip, a new connection per statement), on a spec of 1000 md5 roles and
 * 100 databases, each on its own fresh cluster. See compute-sql/README.md for the command.
 */
public final class ApplyBenchmark {

  private ApplyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int roles = Integer.getInteger("bench.roles", 1000);
    int databases = Integer.getInteger("bench.databases", 100);
    int concurrency = Integer.getInteger("bench.concurrency", 10);
    ComputeSpec spec = spec(roles, databases);
    System.out.printf("spec: %d md5 roles, %d databases; concurrency %d%n", roles, databases, concurrency);

    try (TestPostgres pg = TestPostgres.start()) {
      PipelinedSpecApplier applier = new PipelinedSpecApplier(factory(pg), "bench");
      ApplyOptions options = new ApplyOptions(TestPostgres.ADMIN, "neon_superuser", concurrency, true, null);
      long t0 = System.nanoTime();
      ApplyReport first = applier.apply(spec, options);
      long ours = System.nanoTime() - t0;
      // The no-op re-apply, several times: one sample right after 100 CREATE DATABASEs is noisy.
      int runs = Integer.getInteger("bench.noopRuns", 5);
      long[] noop = new long[runs];
      ApplyReport again = null;
      for (int i = 0; i < runs; i++) {
        t0 = System.nanoTime();
        again = applier.apply(spec, options);
        noop[i] = System.nanoTime() - t0;
      }
      java.util.Arrays.sort(noop);
      System.out.printf("pipelined apply:      %6d ms  (%d statements, %d writes)%n",
          ms(ours), first.statementsSent(), first.writes());
      System.out.printf("no-op re-apply:       %6d ms  median of %d (min %d, max %d; %d statements, %d writes),"
          + " %.1f%% of the first apply%n",
          ms(noop[runs / 2]), runs, ms(noop[0]), ms(noop[runs - 1]), again.statementsSent(), again.writes(),
          100.0 * noop[runs / 2] / ours);
    }
    try (TestPostgres pg = TestPostgres.start()) {
      Plan plan = plan(pg, spec);
      Path file = Files.createTempFile("apply-bench", ".sql");
      Files.writeString(file, psqlScript(plan));
      long t0 = System.nanoTime();
      Process psql = new ProcessBuilder(psql(), "-X", "-q", "-v", "ON_ERROR_STOP=0", "-h", TestPostgres.HOST,
          "-p", Integer.toString(pg.port()), "-U", TestPostgres.ADMIN, "-d", "postgres", "-f", file.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!psql.waitFor(10, TimeUnit.MINUTES) || psql.exitValue() != 0) {
        throw new IllegalStateException("psql failed: " + psql.exitValue());
      }
      System.out.printf("psql -f (floor):      %6d ms  (%d statements, one session)%n",
          ms(System.nanoTime() - t0), plan.commands().size());
      Files.delete(file);
    }
    try (TestPostgres pg = TestPostgres.start()) {
      Plan plan = plan(pg, spec);
      JdbcConnectionFactory factory = factory(pg);
      long t0 = System.nanoTime();
      for (SqlCommand command : plan.commands()) {
        String db = command.target() instanceof Target.InDatabase d ? d.name() : null;
        try (Connection c = factory.open(db); Statement st = c.createStatement()) {
          st.execute(command.sql());
        }
      }
      System.out.printf("naive (conn/stmt):    %6d ms  (%d statements, %d connections)%n",
          ms(System.nanoTime() - t0), plan.commands().size(), plan.commands().size());
    }
  }

  private static Plan plan(TestPostgres pg, ComputeSpec spec) throws Exception {
    try (Connection c = factory(pg).open(null)) {
      CatalogSnapshot snapshot = new CatalogReader("neon_superuser").read(c, Optional.empty());
      return new SpecPlanner(new PlanOptions(TestPostgres.ADMIN, "neon_superuser")).plan(spec, snapshot);
    }
  }

  /** The plan as one psql script: per-database commands after a \connect to that database. */
  private static String psqlScript(Plan plan) {
    StringBuilder out = new StringBuilder("SET log_statement = 'none';\n");
    Target current = Target.MAIN;
    for (SqlCommand command : plan.commands()) {
      if (!command.target().equals(current)) {
        current = command.target();
        String db = current instanceof Target.InDatabase d ? d.name() : "postgres";
        out.append("\\connect ").append(SqlQuoting.ident(db)).append('\n');
      }
      out.append(command.sql()).append(";\n");
    }
    return out.toString();
  }

  private static ComputeSpec spec(int roles, int databases) throws Exception {
    Random random = new Random(42);
    StringBuilder r = new StringBuilder();
    for (int i = 0; i < roles; i++) {
      r.append(i == 0 ? "" : ",").append("{\"name\":\"role_").append(i).append("\",\"encrypted_password\":\"")
          .append(String.format("%016x%016x", random.nextLong(), random.nextLong())).append("\"}");
    }
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < databases; i++) {
      d.append(i == 0 ? "" : ",").append("{\"name\":\"db_").append(i).append("\",\"owner\":\"role_")
          .append(i * Math.max(1, roles / Math.max(1, databases)) % roles).append("\"}");
    }
    return SqlItSupport.spec("{\"format_version\":1.0,\"suspend_timeout_seconds\":-1,\"cluster\":{\"roles\":["
        + r + "],\"databases\":[" + d + "]}}");
  }

  private static JdbcConnectionFactory factory(TestPostgres pg) {
    return JdbcConnectionFactory.fromConnstr(pg.connstr(), "compute_ctl:apply_config");
  }

  private static String psql() {
    Path debian = Path.of("/usr/lib/postgresql/15/bin/psql");
    return Files.isExecutable(debian) ? debian.toString() : "psql";
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
