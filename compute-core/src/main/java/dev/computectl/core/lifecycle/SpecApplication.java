package dev.computectl.core.lifecycle;

import dev.computectl.core.Failpoints;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.ApplyException;
import dev.computectl.sql.ApplyListener;
import dev.computectl.sql.ApplyOptions;
import dev.computectl.sql.ApplyReport;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a spec to a running Postgres: the first apply at startup and the reconfigure (§3.5, §5).
 * The temporary override is always cleared and reloaded, also after a failed apply (D6).
 */
public final class SpecApplication {

  private static final Logger log = LoggerFactory.getLogger(SpecApplication.class);
  private static final String CONFIG_TOKEN_SETTING = "compute_ctl.config_hash";
  private static final Duration POLL = Duration.ofMillis(20);

  private final NodeContext ctx;

  public SpecApplication(NodeContext ctx) {
    this.ctx = Objects.requireNonNull(ctx);
  }

  /** Runs the planner between writing and clearing the override file. */
  public ApplyReport applyWithOverride(
      ComputeSpec spec, int concurrency, boolean firstStart, PostgresProcess postgres)
      throws Exception {
    String override = ctx.settings().overrideContent();
    boolean withOverride = !override.isEmpty();
    if (withOverride) {
      ctx.platform().writeOverride(override);
      postgres.reload();
    }
    try {
      ctx.failpoints().hit(Failpoints.BEFORE_APPLY);
      ApplyOptions options =
          new ApplyOptions(
              ctx.settings().adminRole(),
              ctx.settings().privilegedRole(),
              concurrency,
              firstStart,
              listener());
      ApplyReport report = ctx.applier().apply(spec, options);
      log.info(
          "compute {} applied spec: {} statements ({} writes) in {} ms",
          ctx.computeId(), report.statementsSent(), report.writes(), report.elapsed().toMillis());
      return report;
    } finally {
      if (withOverride) {
        ctx.platform().writeOverride("");
        postgres.reload();
      }
    }
  }

  private ApplyListener listener() {
    return new ApplyListener() {
      @Override
      public void beforePhase(String phase) throws Exception {
        ctx.failpoints().hit(Failpoints.DURING_PHASE, phase);
      }

      @Override
      public void afterPhase(String phase, Duration elapsed, int statements) {
        ctx.metrics().applyPhase(phase, elapsed);
      }
    };
  }

  /**
   * Reconfigure (§5): rewrite the config, reload, check the reload took effect, report settings
   * that wait for a restart, then apply the spec on a Primary.
   */
  public void reconfigure(ComputeSpec spec, PostgresProcess postgres) throws Exception {
    PostgresPlatform.WrittenConfig written = ctx.platform().writeConfig(spec);
    written.warnings().forEach(w -> log.warn("compute {}: {}", ctx.computeId(), w));
    ctx.failpoints().hit(Failpoints.BEFORE_RELOAD);
    postgres.reload();
    verifyReload(written.configHash());
    checkPendingRestart();
    if (!spec.skipPgCatalogUpdates() && spec.mode().isPrimary()) {
      applyWithOverride(spec, spec.reconfigureConcurrency(), false, postgres);
    }
  }

  private void verifyReload(String token) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + ctx.settings().reloadVerifyTimeout().toNanos();
    String seen = null;
    SQLException lastError = null;
    while (System.nanoTime() < deadline) {
      try {
        seen = ctx.sql().show(CONFIG_TOKEN_SETTING);
        if (token.equals(seen)) {
          return;
        }
      } catch (SQLException e) {
        lastError = e;
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IOException(
        "postgres did not load the new configuration within "
            + ctx.settings().reloadVerifyTimeout().toMillis() + " ms ("
            + CONFIG_TOKEN_SETTING + " is " + seen
            + (lastError == null ? "" : "; last error: " + lastError.getMessage()) + ")");
  }

  private void checkPendingRestart() {
    try {
      List<PostgresSql.PendingRestart> pending = ctx.sql().pendingRestart();
      for (PostgresSql.PendingRestart p : pending) {
        log.warn(
            "compute {}: setting {} changed from {} to {} but needs a restart; the running server"
                + " keeps {}",
            ctx.computeId(), p.name(), p.runningValue(), p.fileValue(), p.runningValue());
      }
      ctx.pendingRestart(pending);
    } catch (SQLException e) {
      log.warn("compute {}: could not read pending_restart settings: {}", ctx.computeId(),
          e.getMessage());
    }
  }

  /** The error text stored in status: the message chain, one cause per line. */
  public static String describe(Throwable error) {
    StringBuilder out = new StringBuilder(String.valueOf(error.getMessage()));
    Throwable cause = error.getCause();
    while (cause != null && cause != error) {
      if (cause.getMessage() != null && !out.toString().contains(cause.getMessage())) {
        out.append("\nCaused by: ").append(cause.getMessage());
      }
      error = cause;
      cause = cause.getCause();
    }
    if (error instanceof ApplyException && out.length() == 0) {
      out.append("apply failed");
    }
    return out.toString();
  }
}
