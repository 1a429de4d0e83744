package dev.computectl.sql.exec;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the apply's own worker tasks. */
final class TaskWait {

  private TaskWait() {}

  /**
   * The task's result, waiting through interrupts (and restoring the flag afterwards): a task
   * must not outlive its stage or phase (decision P16). A task that threw is a bug, reported as
   * such with {@code what} named.
   */
  static <T> T awaitUninterruptibly(Future<T> future, String what) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " crashed", e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
