package dev.computectl.core.testing;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.ApplyException;
import dev.computectl.sql.ApplyOptions;
import dev.computectl.sql.ApplyReport;
import dev.computectl.sql.SpecApplier;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records each apply; fails while {@link #failWith} is set. */
public final class FakeApplier implements SpecApplier {

  public final List<ComputeSpec> applied = new CopyOnWriteArrayList<>();
  public final List<ApplyOptions> options = new CopyOnWriteArrayList<>();
  public volatile String failWith;

  @Override
  public ApplyReport apply(ComputeSpec spec, ApplyOptions opts) throws ApplyException {
    applied.add(spec);
    options.add(opts);
    ApplyReport report = new ApplyReport(List.of(), 3, 1, Duration.ofMillis(2));
    if (failWith != null) {
      throw new ApplyException(failWith, report, null);
    }
    try {
      opts.listener().beforePhase("create_roles");
    } catch (Exception e) {
      throw new ApplyException(e.getMessage(), report, e);
    }
    opts.listener().afterPhase("create_roles", Duration.ofMillis(1), 3);
    return report;
  }
}
