package dev.computectl.http;

import dev.computectl.core.ComputeOperations;
import dev.computectl.spec.ComputeStatus;
import io.javalin.http.Context;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Read-only routes that never touch Postgres: status, metrics and the two probes. */
final class StatusRoutes {

  private final ComputeOperations ops;
  private final PrometheusTextFormatWriter prometheus = PrometheusTextFormatWriter.create();

  StatusRoutes(ComputeOperations ops) {
    this.ops = ops;
  }

  void status(Context ctx) {
    ctx.json(ops.statusResponse());
  }

  void metricsJson(Context ctx) {
    ctx.json(ops.metrics());
  }

  /** Prometheus text 0.0.4 of this compute's own registry (no JVM or process metrics). */
  void prometheus(Context ctx) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    prometheus.write(out, ops.metricsRegistry().scrape());
    ctx.contentType(prometheus.getContentType()).result(out.toByteArray());
  }

  /** 200 while the process serves HTTP; no SQL, no body. */
  void liveness(Context ctx) {
    ctx.status(200);
  }

  /**
   * 200 only in {@code running} while Postgres answers a trivial query within a short timeout
   * ({@link ComputeOperations#ready()}, cached about a second), 503 otherwise; no body, so it
   * reveals nothing else.
   */
  void readiness(Context ctx) {
    ctx.status(ops.ready() ? 200 : 503);
  }
}
