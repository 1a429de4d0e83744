package dev.computectl.http;

import dev.computectl.core.ComputeLogContext;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs handlers that may wait a long time (configure, terminate, SQL, schema dumps) on threads of
 * their own, so Jetty's request threads stay free for {@code /status} and probes. Bounded: past the
 * limit a call gets 503 instead of queueing behind a stuck one.
 */
final class BlockingCalls implements AutoCloseable {

  private final ThreadPoolExecutor executor;

  BlockingCalls(String threadPrefix, int maxConcurrent) {
    AtomicInteger counter = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            0,
            maxConcurrent,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            runnable -> {
              Thread t = new Thread(runnable, threadPrefix + "-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  Handler wrap(Handler handler) {
    return ctx -> ctx.future(() -> submit(handler, ctx));
  }

  private CompletableFuture<Void> submit(Handler handler, Context ctx) {
    try {
      // The request's MDC (compute and request id, see RequestTracing) goes with it; wrapping
      // the executor's task, not the handler, keeps it for the answer and the request log line,
      // which run on this thread when the future completes.
      Executor withContext = task -> executor.execute(ComputeLogContext.inheriting(task));
      return CompletableFuture.runAsync(
          () -> {
            try {
              handler.handle(ctx);
            } catch (Exception e) {
              throw new CompletionException(e);
            }
          },
          withContext);
    } catch (RejectedExecutionException e) {
      throw new HttpError(503, "too many long-running requests in progress, retry later");
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
