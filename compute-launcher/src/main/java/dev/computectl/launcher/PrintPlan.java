package dev.computectl.launcher;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Database;
import dev.computectl.spec.SpecParseException;
import dev.computectl.spec.SpecProblem;
import dev.computectl.spec.SpecValidator;
import dev.computectl.spec.ValidationMode;
import dev.computectl.sql.JdbcConnectionFactory;
import dev.computectl.sql.catalog.CatalogDatabase;
import dev.computectl.sql.catalog.CatalogReader;
import dev.computectl.sql.catalog.CatalogSnapshot;
import dev.computectl.sql.catalog.DatabaseFacts;
import dev.computectl.sql.plan.Plan;
import dev.computectl.sql.plan.PlanOptions;
import dev.computectl.sql.plan.SpecPlanner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --print-plan}: reads the catalog of the running Postgres at the connstr, plans the spec
 * against it with compute-sql's planner, and prints the SQL (passwords masked). Sends no write.
 */
final class PrintPlan {

  private PrintPlan() {}

  static int run(LaunchOptions options, PrintStream out)
      throws IOException, SpecParseException, SQLException {
    SpecFile file = SpecFile.read(options);
    if (file.spec().isEmpty()) {
      out.println("-- " + file.path() + " has no spec: nothing to plan");
      return ExitCode.OK;
    }
    ComputeSpec spec = file.spec().get();
    String adminRole = ConnectionSettings.adminRole(options);
    List<SpecProblem> problems =
        SpecValidator.validate(spec, ValidationMode.VANILLA, adminRole);
    if (!problems.isEmpty()) {
      problems.forEach(p -> out.println(file.path() + ": " + p));
      return ExitCode.FAILURE;
    }
    URI connstr = ConnectionSettings.connstr(options, file.spec());
    JdbcConnectionFactory sessions =
        JdbcConnectionFactory.fromConnstr(connstr.toString(), "compute_ctl:print_plan");
    CatalogReader reader = new CatalogReader(options.privilegedRoleName());
    CatalogSnapshot snapshot;
    try (Connection main = sessions.open(null)) {
      snapshot = reader.read(main, Optional.empty());
    }
    snapshot = snapshot.withDatabaseFacts(facts(spec, snapshot, reader, sessions));
    Plan plan = new SpecPlanner(new PlanOptions(adminRole, options.privilegedRoleName()))
        .plan(spec, snapshot);
    out.println("-- plan for " + file.path() + " against " + Redact.connstr(connstr) + ": "
        + plan.commands().size() + " statements, " + plan.writes() + " writes");
    plan.warnings().forEach(w -> out.println("-- warning: " + w));
    out.print(plan.render());
    return ExitCode.OK;
  }

  /** The per-database facts of the spec's databases that exist and accept connections. */
  private static Map<String, DatabaseFacts> facts(ComputeSpec spec, CatalogSnapshot snapshot,
      CatalogReader reader, JdbcConnectionFactory sessions) throws SQLException {
    Map<String, DatabaseFacts> facts = new LinkedHashMap<>();
    for (Database db : spec.cluster().databases()) {
      CatalogDatabase known = snapshot.databases().get(db.name());
      if (known != null && known.accessible() && !facts.containsKey(db.name())) {
        try (Connection conn = sessions.open(db.name())) {
          facts.put(db.name(), reader.databaseFacts(conn, snapshot.serverVersionNum()));
        }
      }
    }
    return facts;
  }
}
