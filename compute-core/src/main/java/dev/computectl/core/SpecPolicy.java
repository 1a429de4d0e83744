package dev.computectl.core;

import dev.computectl.core.port.ComputeStorage;
import dev.computectl.core.port.PostgresPlatform;
import dev.computectl.spec.ComputeMode;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecProblem;
import dev.computectl.spec.SpecValidator;
import dev.computectl.spec.ValidationMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one decision on which rules a spec must pass, used by a running compute ({@code
 * /configure}, the spec given at start, every refresh), by {@code --check-config} and by {@code
 * --print-plan}, so all three answer the same for the same spec.
 *
 * <p>The rules are the common ones of {@link SpecValidator} (roles, databases, delta operations,
 * options, settings, port), the port of the admin connstr when known ({@link #withPostgresPort}), Neon's storage rules (pageserver, tenant and timeline, safekeepers) when the spec itself
 * carries Neon storage information, so no spec is accepted that a Neon compute would refuse, and
 * whatever the compute's storage needs ({@link ComputeStorage#check}).
 */
public final class SpecPolicy {

  private final String adminRole;
  private final Function<ComputeSpec, List<SpecProblem>> storageChecks;
  private final BiFunction<ComputeSpec, ComputeSpec, List<SpecProblem>> storageChangeChecks;
  private final Integer postgresPort;

  private SpecPolicy(String adminRole, Function<ComputeSpec, List<SpecProblem>> storageChecks,
      BiFunction<ComputeSpec, ComputeSpec, List<SpecProblem>> storageChangeChecks,
      Integer postgresPort) {
    this.adminRole = Objects.requireNonNull(adminRole, "adminRole");
    this.storageChecks = storageChecks;
    this.storageChangeChecks = storageChangeChecks;
    this.postgresPort = postgresPort;
  }

  /**
   * @param adminRole the role compute_ctl connects as (it may own databases without being in the
   *     spec)
   * @param storage the compute's PGDATA source
   */
  public static SpecPolicy of(String adminRole, ComputeStorage storage) {
    return new SpecPolicy(adminRole, storage::check, storage::checkChange, null);
  }

  static SpecPolicy of(String adminRole, PostgresPlatform platform) {
    return new SpecPolicy(adminRole, platform::check, platform::checkChange, null);
  }

  /**
   * The same rules, plus: a spec's {@code port} setting must be {@code port}, the port compute_ctl
   * connects to (its admin connstr); Postgres listening elsewhere would leave the compute unable
   * to reach it.
   */
  public SpecPolicy withPostgresPort(int port) {
    return new SpecPolicy(adminRole, storageChecks, storageChangeChecks, port);
  }

  /** Every problem of {@code spec}; empty when the compute would accept it. */
  public List<SpecProblem> problems(ComputeSpec spec) {
    if (spec == null) {
      return List.of(new SpecProblem("spec", "spec is missing"));
    }
    List<SpecProblem> out =
        new ArrayList<>(SpecValidator.validate(spec, modeFor(spec), adminRole));
    if (postgresPort != null) {
      SpecValidator.port(spec).filter(port -> port.intValue() != postgresPort).ifPresent(port ->
          out.add(new SpecProblem(portPath(spec), "port " + port + " differs from port "
              + postgresPort + " of the admin connstr compute_ctl connects to")));
    }
    out.addAll(storageChecks.apply(spec));
    return List.copyOf(out);
  }

  private static String portPath(ComputeSpec spec) {
    List<dev.computectl.spec.GenericOption> settings = spec.cluster().settings();
    for (int i = 0; i < settings.size(); i++) {
      if (settings.get(i).name().equals("port")) {
        return "cluster.settings[" + i + "].value";
      }
    }
    return "cluster.settings";
  }

  /** Which of {@link SpecValidator}'s rule sets applies to {@code spec}. */
  public ValidationMode modeFor(ComputeSpec spec) {
    return ValidationMode.forSpec(spec, true);
  }

  /**
   * What {@code next} would change that a running Postgres cannot: its mode (a Replica becomes a
   * Primary only by {@code /promote}; a Primary cannot become a standby; a Static compute reads
   * one LSN), and what its storage cannot switch ({@link ComputeStorage#checkChange}: on
   * pgBackRest storage, the timeline it archives to). Empty when {@code running} is null
   * (nothing runs yet) or nothing of this changes.
   */
  public List<SpecProblem> changeProblems(ComputeSpec running, ComputeSpec next) {
    if (running == null || next == null) {
      return List.of();
    }
    List<SpecProblem> out = new ArrayList<>();
    if (!running.mode().equals(next.mode())) {
      String from = ComputeMode.typeName(running.mode()) + describeLsn(running.mode());
      String to = ComputeMode.typeName(next.mode()) + describeLsn(next.mode());
      out.add(new SpecProblem("mode", "the compute runs as " + from + " and cannot become " + to
          + " while it runs" + (running.mode() instanceof ComputeMode.Replica
              && next.mode().isPrimary() ? "; a Replica becomes a Primary by POST /promote"
              : "; start it again with the new spec")));
    }
    out.addAll(storageChangeChecks.apply(running, next));
    return List.copyOf(out);
  }

  /** @throws ComputeException.InvalidSpec listing what {@link #changeProblems} finds */
  public void requireValidChange(ComputeSpec running, ComputeSpec next)
      throws ComputeException.InvalidSpec {
    List<SpecProblem> problems = changeProblems(running, next);
    if (!problems.isEmpty()) {
      throw new ComputeException.InvalidSpec(problems);
    }
  }

  private static String describeLsn(ComputeMode mode) {
    return mode instanceof ComputeMode.Static st ? " at " + st.lsn() : "";
  }

  /** @throws ComputeException.InvalidSpec listing every problem, when there is one */
  public void requireValid(ComputeSpec spec) throws ComputeException.InvalidSpec {
    List<SpecProblem> problems = problems(spec);
    if (!problems.isEmpty()) {
      throw new ComputeException.InvalidSpec(problems);
    }
  }
}
