package dev.computectl.core.config;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecProblem;
import dev.computectl.spec.SpecValidator;
import dev.computectl.spec.ValidationMode;
import java.util.List;
import java.util.stream.Collectors;

/** Validation of a spec before it is accepted (at startup, /configure and refresh). */
public final class SpecChecks {

  private SpecChecks() {}

  /** @return null when valid, else one line naming every problem with its JSON path */
  public static String problems(ComputeSpec spec, String adminRole) {
    if (spec == null) {
      return "spec is missing";
    }
    List<SpecProblem> problems =
        SpecValidator.validate(spec, ValidationMode.forSpec(spec, false), adminRole);
    if (problems.isEmpty()) {
      return null;
    }
    return problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
  }
}
