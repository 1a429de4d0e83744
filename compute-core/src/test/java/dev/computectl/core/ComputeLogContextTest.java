package dev.computectl.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ComputeLogContextTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void aBoundTaskRunsWithTheComputeIdAndRestoresTheThreadsOwn() throws Exception {
    AtomicReference<String> inside = new AtomicReference<>();
    Runnable task = ComputeLogContext.bound("c-7", () -> inside.set(MDC.get("compute_id")));

    Thread t = new Thread(task);
    t.start();
    t.join();
    assertThat(inside).hasValue("c-7");

    MDC.put("compute_id", "outer");
    task.run();
    assertThat(MDC.get("compute_id")).isEqualTo("outer");
  }

  @Test
  void anInheritingTaskCarriesTheCallersContextToAnotherThread() throws Exception {
    MDC.put("compute_id", "c-8");
    MDC.put("request_id", "r-1");
    AtomicReference<String> seen = new AtomicReference<>();
    Runnable task = ComputeLogContext.inheriting(
        () -> seen.set(MDC.get("compute_id") + "/" + MDC.get("request_id")));
    MDC.clear();

    Thread t = new Thread(task);
    t.start();
    t.join();
    assertThat(seen).hasValue("c-8/r-1");
    task.run();
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
