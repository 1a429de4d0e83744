package dev.computectl.http;

import dev.computectl.core.ComputeException;
import dev.computectl.core.ComputeOperations;
import dev.computectl.spec.api.LfcState;
import io.javalin.http.Context;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The routes Neon's autoscaling and its local-file-cache management call. Vanilla Postgres has no
 * local file cache, so {@code /lfc/*} answers what Neon answers on a compute without one (a
 * request is accepted and ends {@code skipped}) instead of 404, and a control plane's calls do not
 * fail. That state is only an answer, with no compute behaviour behind it, so it lives here, per
 * server, rather than in the core.
 */
final class CacheAndScalingRoutes {

  private final ComputeOperations ops;
  private final PrometheusTextFormatWriter prometheus = PrometheusTextFormatWriter.create();
  private final AtomicReference<LfcState> prewarm = new AtomicReference<>(LfcState.NOT_PREWARMED);
  private final AtomicReference<LfcState> offload = new AtomicReference<>(LfcState.NOT_OFFLOADED);

  CacheAndScalingRoutes(ComputeOperations ops) {
    this.ops = ops;
  }

  /** Prometheus text of a fresh snapshot read from Postgres (Neon's names; no registry). */
  void autoscalingMetrics(Context ctx) throws ComputeException, IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    prometheus.write(out, ops.autoscalingMetrics());
    ctx.contentType(prometheus.getContentType()).result(out.toByteArray());
  }

  void prewarmState(Context ctx) {
    ctx.json(prewarm.get());
  }

  /** 202 as Neon; its optional {@code from_endpoint} names a cache state we cannot have either. */
  void prewarm(Context ctx) {
    prewarm.set(LfcState.SKIPPED);
    ctx.status(202);
  }

  /** 202 as Neon: there is never a prewarm under way to cancel. */
  void cancelPrewarm(Context ctx) {
    ctx.status(202);
  }

  void offloadState(Context ctx) {
    ctx.json(offload.get());
  }

  /** 202 as Neon; with no cache there is no state to save, which Neon reports as skipped. */
  void offload(Context ctx) {
    offload.set(LfcState.SKIPPED);
    ctx.status(202);
  }
}
