package dev.computectl.core.internal.lifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The migrations thread of the current Postgres, if one runs. A terminate waits for it before
 * stopping Postgres, so migrations end cleanly instead of failing on a closed connection.
 */
public final class MigrationRun {

  private volatile CompletableFuture<Void> current = CompletableFuture.completedFuture(null);

  /** Registers a new run; complete the returned future when it ends, however it ends. */
  CompletableFuture<Void> begin() {
    CompletableFuture<Void> run = new CompletableFuture<>();
    current = run;
    return run;
  }

  public boolean running() {
    return !current.isDone();
  }

  /**
   * Waits up to {@code timeout} for the current run to end.
   *
   * @return true when none runs any more
   */
  public boolean await(Duration timeout) throws InterruptedException {
    try {
      current.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }
}
