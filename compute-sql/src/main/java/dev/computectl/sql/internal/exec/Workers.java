package dev.computectl.sql.internal.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a batch of an apply's tasks on the applier's executor, at most {@code parallelism} at once,
 * and waits for all of them. The calling thread is one of the workers: it takes tasks too, so the
 * batch finishes even when the executor runs nothing (rejects the work, is saturated or was shut
 * down). Extra threads are a speed-up, never a condition for finishing.
 *
 * <p>Tasks are claimed in list order; results come back in list order. A task must not outlive its
 * batch, so the wait goes on through interrupts (the flag is restored afterwards).
 */
public final class Workers {

  private Workers() {}

  /**
   * @param what names the batch in the error thrown when a task throws (a bug: tasks report their
   *     failures in their results)
   */
  public static <T> List<T> run(Executor executor, List<? extends Callable<T>> tasks, int parallelism, String what) {
    int n = tasks.size();
    Object[] results = new Object[n];
    Throwable[] errors = new Throwable[n];
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(n);
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
        try {
          results[i] = tasks.get(i).call();
        } catch (Throwable t) {
          errors[i] = t;
        } finally {
          done.countDown();
        }
      }
    };
    int helpers = Math.min(Math.max(1, parallelism), n) - 1;
    for (int h = 0; h < helpers; h++) {
      try {
        executor.execute(worker);
      } catch (RejectedExecutionException e) {
        break; // the calling thread does the rest
      }
    }
    worker.run();
    awaitUninterruptibly(done);
    List<Throwable> crashed = Arrays.stream(errors).filter(e -> e != null).toList();
    if (!crashed.isEmpty()) {
      IllegalStateException e = new IllegalStateException(what + " crashed", crashed.get(0));
      crashed.subList(1, crashed.size()).forEach(e::addSuppressed);
      throw e;
    }
    List<T> out = new ArrayList<>(n);
    for (Object result : results) {
      @SuppressWarnings("unchecked")
      T t = (T) result;
      out.add(t);
    }
    return out;
  }

  private static void awaitUninterruptibly(CountDownLatch done) {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
