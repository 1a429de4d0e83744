package dev.computectl.core.internal.postgres;

import dev.computectl.core.ComputeLogContext;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread {@code <computeId>-tls}: every interval asks {@link TlsFiles} whether the source key
 * or certificate changed; when new files were copied it runs the reload (SIGHUP to the
 * postmaster), so a rotated certificate is served without a restart. A copy that fails (a
 * half-written rotation, a key that does not match yet) is logged once and retried next round;
 * Postgres keeps the old files meanwhile.
 */
final class TlsWatcher {

  private static final Logger log = LoggerFactory.getLogger(TlsWatcher.class);

  /** What to do after new files were copied. */
  interface Reload {
    void run() throws IOException;
  }

  private final String computeId;
  private final TlsFiles files;
  private final Duration interval;
  private final Reload reload;
  private Thread thread;
  private volatile boolean stopped;
  private String lastError;

  TlsWatcher(String computeId, TlsFiles files, Duration interval, Reload reload) {
    this.computeId = Objects.requireNonNull(computeId);
    this.files = Objects.requireNonNull(files);
    this.interval = Objects.requireNonNull(interval);
    this.reload = Objects.requireNonNull(reload);
  }

  /** Starts the thread once; later calls (and calls after {@link #stop}) do nothing. */
  synchronized void start() {
    if (thread != null || stopped) {
      return;
    }
    thread = new Thread(ComputeLogContext.bound(computeId, this::loop), computeId + "-tls");
    thread.setDaemon(true);
    thread.start();
  }

  /** Ends the thread and waits briefly for it. */
  void stop() {
    Thread t;
    synchronized (this) {
      stopped = true;
      t = thread;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(Math.max(1000, interval.toMillis() * 2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    while (!stopped) {
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      if (!stopped) {
        round();
      }
    }
  }

  /** One check; package-private so a test can drive it without the thread. */
  void round() {
    try {
      if (files.refreshIfChanged()) {
        reload.run();
        log.info("compute {}: TLS key or certificate changed: copied into PGDATA and reloaded"
            + " postgres", computeId);
      }
      lastError = null;
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage();
      if (!Objects.equals(message, lastError)) {
        log.warn("compute {}: TLS files changed but cannot be used yet (postgres keeps the"
            + " previous ones; retrying every {} ms): {}", computeId, interval.toMillis(), message);
        lastError = message;
      }
    }
  }
}
