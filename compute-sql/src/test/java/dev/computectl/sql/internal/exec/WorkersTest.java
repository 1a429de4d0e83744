package dev.computectl.sql.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkersTest {

  private static final Executor THREADS = r -> new Thread(r).start();

  private static List<Callable<Integer>> squares(int n) {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      tasks.add(() -> k * k);
    }
    return tasks;
  }

  @Test
  void resultsComeBackInTaskOrder() {
    assertThat(Workers.run(THREADS, squares(20), 4, "squares")).containsExactly(
        0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144, 169, 196, 225, 256, 289, 324, 361);
    assertThat(Workers.run(THREADS, squares(0), 4, "none")).isEmpty();
  }

  @Test
  void atMostParallelismTasksRunAtOnceTheCallerIncluded() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      tasks.add(() -> {
        most.accumulateAndGet(running.incrementAndGet(), Math::max);
        TimeUnit.MILLISECONDS.sleep(5);
        running.decrementAndGet();
        return 0;
      });
    }
    AtomicInteger threadsStarted = new AtomicInteger();
    Workers.run(r -> {
      threadsStarted.incrementAndGet();
      THREADS.execute(r);
    }, tasks, 3, "sleepers");
    assertThat(most.get()).isBetween(1, 3);
    assertThat(threadsStarted).hasValue(2);
  }

  @Test
  void anExecutorThatTakesNothingLeavesTheWorkToTheCaller() {
    Executor rejecting = r -> {
      throw new RejectedExecutionException("shut down");
    };
    Thread caller = Thread.currentThread();
    List<Callable<Thread>> tasks = List.of(Thread::currentThread, Thread::currentThread, Thread::currentThread);
    assertThat(Workers.run(rejecting, tasks, 3, "threads")).containsOnly(caller);
  }

  @Test
  void aTaskThatThrowsFailsTheBatchAfterEveryOtherTaskRan() {
    CountDownLatch others = new CountDownLatch(3);
    List<Callable<Integer>> tasks = List.of(
        () -> {
          others.countDown();
          return 1;
        },
        () -> {
          throw new IllegalArgumentException("bug");
        },
        () -> {
          others.countDown();
          return 3;
        },
        () -> {
          others.countDown();
          return 4;
        });
    assertThatThrownBy(() -> Workers.run(THREADS, tasks, 2, "the batch"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the batch crashed")
        .hasRootCauseMessage("bug");
    assertThat(others.getCount()).isZero();
  }
}
