package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.Failpoints;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.port.PostgresPlatform;
import dev.computectl.core.port.PostgresProcess;
import dev.computectl.core.port.PostgresSql;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.ApplyException;
import dev.computectl.sql.ApplyListener;
import dev.computectl.sql.ApplyOptions;
import dev.computectl.sql.ApplyReport;
import dev.computectl.sql.SpecApplier;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a spec to a running Postgres: the first apply at startup and the reconfigure. The
 * temporary override file is always cleared and reloaded, also after a failed apply, so a failure
 * never leaves Postgres running with the apply-time settings.
 */
public final class SpecApplication {

  private static final Logger log = LoggerFactory.getLogger(SpecApplication.class);
  private static final String CONFIG_TOKEN_SETTING = "compute_ctl.config_hash";
  private static final Duration POLL = Duration.ofMillis(20);

  /**
   * The roles and files an apply works with.
   *
   * @param adminRole the role of the admin connstr (never altered by the planner)
   * @param privilegedRole the "weak superuser" role the spec's roles are granted
   * @param overrideContent written to the temporary override file around an apply ("" on vanilla
   *     Postgres, where Neon's {@code neon.max_cluster_size} does not exist)
   * @param reloadVerifyTimeout how long a reconfigure polls SHOW for the new config token
   */
  public record Settings(
      String computeId,
      String adminRole,
      String privilegedRole,
      String overrideContent,
      Duration reloadVerifyTimeout) {}

  private final Settings settings;
  private final PostgresPlatform platform;
  private final PostgresSql sql;
  private final SpecApplier applier;
  private final NodeMetrics metrics;
  private final Failpoints failpoints;
  private final PendingRestarts pendingRestarts;

  public SpecApplication(Settings settings, PostgresPlatform platform, PostgresSql sql,
      SpecApplier applier, NodeMetrics metrics, Failpoints failpoints,
      PendingRestarts pendingRestarts) {
    this.settings = settings;
    this.platform = platform;
    this.sql = sql;
    this.applier = applier;
    this.metrics = metrics;
    this.failpoints = failpoints;
    this.pendingRestarts = pendingRestarts;
  }

  /** Runs the planner between writing and clearing the override file. */
  ApplyReport applyWithOverride(
      ComputeSpec spec, int concurrency, boolean firstStart, PostgresProcess postgres)
      throws LifecycleException, InterruptedException {
    String override = settings.overrideContent();
    boolean withOverride = !override.isEmpty();
    try {
      if (withOverride) {
        platform.writeOverride(override);
        postgres.reload();
      }
      try {
        failpoints.hit(Failpoints.BEFORE_APPLY);
        ApplyReport report = applier.apply(spec, new ApplyOptions(settings.adminRole(),
            settings.privilegedRole(), concurrency, firstStart, listener()));
        log.info("compute {} applied spec: {} statements ({} writes) in {} ms",
            settings.computeId(), report.statementsSent(), report.writes(),
            report.elapsed().toMillis());
        return report;
      } finally {
        if (withOverride) {
          platform.writeOverride("");
          postgres.reload();
        }
      }
    } catch (IOException e) {
      throw LifecycleException.of(e);
    } catch (ApplyException e) {
      throw LifecycleException.of(e);
    } catch (Failpoints.Fired e) {
      throw LifecycleException.of(e);
    }
  }

  private ApplyListener listener() {
    return new ApplyListener() {
      @Override
      public void beforePhase(String phase) throws Exception {
        failpoints.hit(Failpoints.DURING_PHASE, phase);
      }

      @Override
      public void afterPhase(String phase, Duration elapsed, int statements) {
        metrics.applyPhase(phase, elapsed);
      }
    };
  }

  /**
   * Reconfigure: rewrite the config, reload, check the reload took effect, report settings that
   * wait for a restart, then apply the spec on a Primary.
   */
  void reconfigure(ComputeSpec spec, PostgresProcess postgres)
      throws LifecycleException, InterruptedException {
    try {
      PostgresPlatform.WrittenConfig written = platform.writeConfig(spec);
      written.warnings().forEach(w -> log.warn("compute {}: {}", settings.computeId(), w));
      failpoints.hit(Failpoints.BEFORE_RELOAD);
      postgres.reload();
      verifyReload(written.configHash());
    } catch (IOException e) {
      throw LifecycleException.of(e);
    } catch (Failpoints.Fired e) {
      throw LifecycleException.of(e);
    }
    checkPendingRestart();
    if (!spec.skipPgCatalogUpdates() && spec.mode().isPrimary()) {
      applyWithOverride(spec, spec.reconfigureConcurrency(), false, postgres);
    }
  }

  private void verifyReload(String token) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + settings.reloadVerifyTimeout().toNanos();
    String seen = null;
    SQLException lastError = null;
    while (System.nanoTime() < deadline) {
      try {
        seen = sql.show(CONFIG_TOKEN_SETTING);
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
            + settings.reloadVerifyTimeout().toMillis() + " ms ("
            + CONFIG_TOKEN_SETTING + " is " + seen
            + (lastError == null ? "" : "; last error: " + lastError.getMessage()) + ")");
  }

  private void checkPendingRestart() {
    try {
      List<PostgresSql.PendingRestart> pending = sql.pendingRestart();
      for (PostgresSql.PendingRestart p : pending) {
        log.warn(
            "compute {}: setting {} changed from {} to {} but needs a restart; the running server"
                + " keeps {}",
            settings.computeId(), p.name(), p.runningValue(), p.fileValue(), p.runningValue());
      }
      pendingRestarts.update(pending);
    } catch (SQLException e) {
      log.warn("compute {}: could not read pending_restart settings: {}", settings.computeId(),
          e.getMessage());
    }
  }
}
