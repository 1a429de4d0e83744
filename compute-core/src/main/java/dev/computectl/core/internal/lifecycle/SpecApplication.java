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
  void reconfigure(ComputeSpec spec, ComputeSpec previous, PostgresProcess postgres)
      throws LifecycleException, InterruptedException {
    try {
      long mark = postgres.errorMark();
      PostgresPlatform.WrittenConfig written = platform.writeConfig(spec);
      written.warnings().forEach(w -> log.warn("compute {}: {}", settings.computeId(), w));
      failpoints.hit(Failpoints.BEFORE_RELOAD);
      postgres.reload();
      List<PostgresSql.FileSettingError> rejected =
          rejectedSettings(written.configHash(), postgres, mark);
      if (!rejected.isEmpty()) {
        String error = describeRejected(rejected, postgres, mark);
        restore(previous, postgres, error);
        throw LifecycleException.rejectedSettings(error);
      }
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

  /** pg_file_settings' own text for a value it could not take (also a pending restart). */
  private static final String NOT_APPLIED = "setting could not be applied";

  /**
   * The lines of the new files Postgres refuses. pg_file_settings reads the files as they are,
   * so this needs no reload; but it also reports "setting could not be applied" for a valid
   * change of a restart-only setting, so those lines count only when, once the reload took
   * effect, the setting is not waiting for a restart. A setting already waiting for a restart
   * (an earlier valid change) stays flagged whatever its new value, so for it the postmaster's
   * own reload lines decide: a line naming the parameter that is not the restart notice (for
   * example {@code invalid value for parameter "shared_buffers": "lots"}) refuses it.
   */
  private List<PostgresSql.FileSettingError> rejectedSettings(String token,
      PostgresProcess postgres, long mark) throws InterruptedException {
    List<PostgresSql.FileSettingError> errors;
    try {
      errors = sql.fileSettingErrors();
    } catch (SQLException e) {
      log.warn("compute {}: could not read pg_file_settings: {}", settings.computeId(),
          e.getMessage());
      return List.of();
    }
    if (errors.isEmpty()) {
      return errors;
    }
    if (errors.stream().allMatch(e -> NOT_APPLIED.equals(e.error()))) {
      try {
        // The other changes were applied; the pending_restart flags are those of this reload.
        verifyReload(token);
      } catch (IOException notLoaded) {
        return errors;
      }
    }
    java.util.Set<String> pending = new java.util.HashSet<>();
    try {
      sql.pendingRestart().forEach(p -> pending.add(p.name()));
    } catch (SQLException e) {
      log.warn("compute {}: could not read pending_restart settings: {}", settings.computeId(),
          e.getMessage());
    }
    List<PostgresSql.FileSettingError> waiting = errors.stream()
        .filter(e -> NOT_APPLIED.equals(e.error()) && pending.contains(e.name()))
        .toList();
    List<String> said = waiting.isEmpty() ? List.of() : reloadLines(postgres, mark);
    return errors.stream()
        .filter(e -> !waiting.contains(e) || refusedByPostmaster(e.name(), said))
        .toList();
  }

  /** The postmaster ends a reload with errors with this line (kept by {@link PostgresProcess}). */
  private static final String RELOAD_HAD_ERRORS = "contains errors";
  /** How long the postmaster's reload lines may take to reach us through its output pipe. */
  private static final Duration RELOAD_LINES_WAIT = Duration.ofMillis(500);

  /**
   * What the postmaster said about the reload since {@code mark}: its lines are read from its
   * output on another thread, so wait (briefly) for the line that closes a reload with errors.
   */
  private static List<String> reloadLines(PostgresProcess postgres, long mark)
      throws InterruptedException {
    long deadline = System.nanoTime() + RELOAD_LINES_WAIT.toNanos();
    List<String> lines = postgres.errorsSince(mark);
    while (lines.stream().noneMatch(l -> l.contains(RELOAD_HAD_ERRORS))
        && System.nanoTime() < deadline) {
      Thread.sleep(POLL.toMillis());
      lines = postgres.errorsSince(mark);
    }
    return lines;
  }

  /**
   * Whether the postmaster's reload lines refuse {@code name}'s value, as opposed to only saying
   * it waits for a restart ({@code parameter "x" cannot be changed without restarting the
   * server}).
   */
  static boolean refusedByPostmaster(String name, List<String> lines) {
    String parameter = "parameter \"" + name + "\"";
    return name != null && lines.stream()
        .anyMatch(l -> l.contains(parameter) && !l.contains("without restarting"));
  }

  private static String describeRejected(List<PostgresSql.FileSettingError> rejected,
      PostgresProcess postgres, long mark) {
    StringBuilder out = new StringBuilder("postgres rejected the configuration: ");
    for (int i = 0; i < rejected.size(); i++) {
      PostgresSql.FileSettingError e = rejected.get(i);
      out.append(i == 0 ? "" : "; ").append(e.name() == null ? "(syntax)" : e.name())
          .append(" = '").append(e.setting()).append("' (").append(e.error()).append(')');
    }
    List<String> said = postgres.errorsSince(mark);
    if (!said.isEmpty()) {
      out.append("; postgres said: ").append(String.join("; ", said));
    }
    return out.append("; the previous configuration stays in force").toString();
  }

  /** Writes the previous configuration back and reloads; a failure here is a real failure. */
  private void restore(ComputeSpec previous, PostgresProcess postgres, String rejection)
      throws IOException, InterruptedException {
    if (previous == null) {
      throw new IOException(rejection.replace("; the previous configuration stays in force", "")
          + "; no previous configuration to restore");
    }
    log.warn("compute {}: {}; writing the previous configuration back", settings.computeId(),
        rejection);
    PostgresPlatform.WrittenConfig restored = platform.writeConfig(previous);
    postgres.reload();
    try {
      verifyReload(restored.configHash());
    } catch (IOException e) {
      throw new IOException(rejection.replace("; the previous configuration stays in force", "")
          + "; restoring the previous configuration failed too: " + e.getMessage(), e);
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
