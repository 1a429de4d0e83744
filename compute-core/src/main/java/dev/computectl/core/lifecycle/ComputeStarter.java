package dev.computectl.core.lifecycle;

import dev.computectl.core.postgres.Signal;
import dev.computectl.core.state.Transitions;
import dev.computectl.spec.ComputeMode;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.Concurrency;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a Postgres up from nothing (§3.2 steps 4-14): prepare PGDATA, write the config, start
 * Postgres, first apply and migrations on a Primary. The first start (main thread) and a recovery
 * start (configurator, after the postmaster was lost) share it; the status change is the
 * caller's.
 */
public final class ComputeStarter {

  private static final Logger log = LoggerFactory.getLogger(ComputeStarter.class);

  private final NodeContext ctx;
  private final SpecApplication application;

  public ComputeStarter(NodeContext ctx) {
    this.ctx = ctx;
    this.application = new SpecApplication(ctx);
  }

  /**
   * @return the ready postmaster, or null when a terminate claimed the slot before the start
   * @throws Exception after stopping and reaping a postmaster this call started (D7)
   */
  public PostgresProcess start(ComputeSpec spec) throws Exception {
    PostgresPlatform.PgdataPrepared prepared = ctx.platform().preparePgdata();
    ctx.timings().pgdata(prepared.elapsed().toMillis(), prepared.bytes());
    ctx.metrics().startupPhase("pgdata", prepared.elapsed().toMillis());
    log.info("compute {}: PGDATA ready in {} ms ({})", ctx.computeId(),
        prepared.elapsed().toMillis(), prepared.description());
    for (String warning : ctx.platform().writeConfig(spec).warnings()) {
      log.warn("compute {}: {}", ctx.computeId(), warning);
    }
    ctx.platform().writeOverride("");

    if (!ctx.slot().beginStart()) {
      return null;
    }
    long pgStart = System.nanoTime();
    PostgresProcess postgres;
    try {
      postgres = ctx.platform().start(ctx.settings().readinessTimeout());
    } catch (Exception e) {
      ctx.slot().abortStart();
      throw e;
    }
    ctx.slot().attach(postgres);
    if (Transitions.isTerminating(ctx.state().status())) {
      // The terminating thread stops this postmaster; applying to it would only fail.
      return postgres;
    }
    long startMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pgStart);
    ctx.timings().startPostgres(startMs);
    ctx.metrics().startupPhase("start_postgres", startMs);

    long configStart = System.nanoTime();
    if (spec.mode() instanceof ComputeMode.Primary && !spec.skipPgCatalogUpdates()) {
      try {
        application.applyWithOverride(spec, Concurrency.forStartup(spec), true, postgres);
      } catch (Exception e) {
        stop(postgres);
        throw e;
      }
      startMigrations(spec);
    }
    long configMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - configStart);
    ctx.timings().config(configMs);
    ctx.metrics().startupPhase("config", configMs);
    return postgres;
  }

  /** SIGQUIT (then SIGKILL) and reap, so a failed start leaves nothing behind (D7). */
  public void stop(PostgresProcess postgres) {
    try {
      if (postgres.isAlive()) {
        postgres.stop(Signal.QUIT, ctx.settings().stopGrace());
      }
    } catch (Exception e) {
      log.warn("compute {}: could not stop postgres pid {}: {}", ctx.computeId(), postgres.pid(),
          e.getMessage());
    }
  }

  private void startMigrations(ComputeSpec spec) {
    CompletableFuture<Void> run = ctx.migrationRun().begin();
    Thread t =
        new Thread(
            () -> {
              AtomicBoolean interrupted = new AtomicBoolean();
              try {
                ctx.migrations()
                    .run(spec, (id, error) -> {
                      if (shuttingDown()) {
                        // Postgres is being stopped under it; not a migration defect.
                        interrupted.set(true);
                        return;
                      }
                      log.warn("compute {}: migration {} failed: {}", ctx.computeId(), id,
                          error.getMessage());
                      ctx.metrics().migrationFailed(id);
                    });
              } catch (Exception e) {
                if (shuttingDown()) {
                  interrupted.set(true);
                } else {
                  log.warn("compute {}: migrations stopped: {}", ctx.computeId(), e.toString());
                }
              } finally {
                if (interrupted.get()) {
                  log.info("compute {}: migrations interrupted by shutdown; they resume at the"
                      + " next start", ctx.computeId());
                }
                run.complete(null);
              }
            },
            ctx.threadName("migrations"));
    t.setDaemon(true);
    t.start();
  }

  private boolean shuttingDown() {
    return Transitions.isTerminating(ctx.state().status());
  }
}
