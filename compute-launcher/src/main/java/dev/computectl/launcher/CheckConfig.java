package dev.computectl.launcher;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecParseException;
import dev.computectl.core.SpecPolicy;
import dev.computectl.spec.SpecProblem;
import dev.computectl.spec.ValidationMode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code --check-config}: parses the spec or config file and validates the spec, printing every
 * problem as {@code <file>: <json path>: <problem>} and every warning (unknown fields and
 * vartypes, which the compute accepts and logs) as {@code <file>: warning: <json path>: <what>}. The rules are the {@code SpecPolicy} the
 * compute itself would apply (see {@link Storage}), so the answer is exactly what a {@code
 * /configure} of the same spec would get.
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
    for (SpecProblem warning : file.warnings()) {
      out.println(file.path() + ": warning: " + warning);
    }
    if (file.spec().isEmpty()) {
      out.println(file.path() + ": OK, a config without a spec (the compute would start empty)");
      return ExitCode.OK;
    }
    ComputeSpec spec = file.spec().get();
    SpecPolicy policy = Storage.specPolicy(options);
    List<SpecProblem> problems = policy.problems(spec);
    String rules = policy.modeFor(spec) == ValidationMode.NEON_STORAGE
        ? "vanilla and Neon storage rules" : "vanilla rules";
    for (SpecProblem problem : problems) {
      out.println(file.path() + ": " + problem);
    }
    if (problems.isEmpty()) {
      int warnings = file.warnings().size();
      out.println(file.path() + ": OK (" + spec.cluster().roles().size() + " roles, "
          + spec.cluster().databases().size() + " databases; checked with " + rules
          + (warnings == 0 ? "" : "; " + warnings + " warning" + (warnings == 1 ? "" : "s"))
          + ")");
      return ExitCode.OK;
    }
    out.println(file.path() + ": " + problems.size() + " problem"
        + (problems.size() == 1 ? "" : "s") + " (checked with " + rules + ")");
    return ExitCode.FAILURE;
  }
}
