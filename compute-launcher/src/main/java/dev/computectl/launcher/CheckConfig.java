package dev.computectl.launcher;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecParseException;
import dev.computectl.spec.SpecProblem;
import dev.computectl.spec.SpecValidator;
import dev.computectl.spec.ValidationMode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code --check-config}: parses the spec or config file and validates the spec, printing every
 * problem as {@code <file>: <json path>: <problem>}. A spec that carries Neon storage information
 * (a pageserver) is also checked by Neon's storage rules (tenant, timeline, safekeepers), so the
 * check is never weaker than what a Neon compute would accept.
 */
final class CheckConfig {

  private CheckConfig() {}

  static int run(LaunchOptions options, PrintStream out) {
    SpecFile file;
    try {
      file = SpecFile.read(options);
    } catch (IOException e) {
      out.println(options.specSource().orElseThrow() + ": cannot read: " + e.getMessage());
      return ExitCode.FAILURE;
    } catch (SpecParseException e) {
      out.println(options.specSource().orElseThrow() + ": " + e.getMessage());
      return ExitCode.FAILURE;
    }
    if (file.spec().isEmpty()) {
      out.println(file.path() + ": OK, a config without a spec (the compute would start empty)");
      return ExitCode.OK;
    }
    ComputeSpec spec = file.spec().get();
    ValidationMode mode = ValidationMode.forSpec(spec, true);
    List<SpecProblem> problems =
        SpecValidator.validate(spec, mode, ConnectionSettings.adminRole(options));
    for (SpecProblem problem : problems) {
      out.println(file.path() + ": " + problem);
    }
    String rules = mode == ValidationMode.NEON_STORAGE ? "vanilla and Neon storage rules"
        : "vanilla rules";
    if (problems.isEmpty()) {
      out.println(file.path() + ": OK (" + spec.cluster().roles().size() + " roles, "
          + spec.cluster().databases().size() + " databases; checked with " + rules + ")");
      return ExitCode.OK;
    }
    out.println(file.path() + ": " + problems.size() + " problem"
        + (problems.size() == 1 ? "" : "s") + " (checked with " + rules + ")");
    return ExitCode.FAILURE;
  }
}
