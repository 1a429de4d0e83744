package dev.computectl.launcher;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecParseException;
import dev.computectl.spec.SpecProblem;
import dev.computectl.sql.ApplyOptions;
import dev.computectl.sql.Concurrency;
import dev.computectl.sql.JdbcConnectionFactory;
import dev.computectl.sql.PipelinedSpecApplier;
import dev.computectl.sql.plan.Plan;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;

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
    List<SpecProblem> problems = Storage.planningPolicy(options).problems(spec);
    if (!problems.isEmpty()) {
      problems.forEach(p -> out.println(file.path() + ": " + p));
      return ExitCode.FAILURE;
    }
    URI connstr = ConnectionSettings.connstr(options, file.spec());
    JdbcConnectionFactory sessions =
        JdbcConnectionFactory.fromConnstr(connstr.toString(), "compute_ctl:print_plan");
    // The applier's own planning path (catalog read, facts, planner), without sending anything.
    Plan plan = new PipelinedSpecApplier(sessions, "print-plan")
        .plan(spec, new ApplyOptions(adminRole, options.privilegedRoleName(),
            Concurrency.forStartup(spec), false, null));
    out.println("-- plan for " + file.path() + " against " + Redact.connstr(connstr) + ": "
        + plan.commands().size() + " statements, " + plan.writes() + " writes");
    plan.warnings().forEach(w -> out.println("-- warning: " + w));
    out.print(plan.render());
    return ExitCode.OK;
  }
}
