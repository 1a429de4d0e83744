package dev.computectl.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FailedStartDelayTest {

  @Test
  void waitsTheWholeDelayWhileTheComputeStaysFailed() throws Exception {
    long start = System.nanoTime();
    boolean terminated =
        new FailedStartDelay(Duration.ofMillis(300), () -> ComputeStatus.FAILED).await();
    assertThat(terminated).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aTerminateEndsTheWaitEarly() throws Exception {
    AtomicReference<ComputeStatus> status = new AtomicReference<>(ComputeStatus.FAILED);
    Thread terminator = new Thread(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
      status.set(ComputeStatus.TERMINATED);
    });
    long start = System.nanoTime();
    terminator.start();
    boolean terminated = new FailedStartDelay(Duration.ofSeconds(30), status::get).await();
    assertThat(terminated).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void zeroDelayReturnsAtOnce() throws Exception {
    long start = System.nanoTime();
    assertThat(new FailedStartDelay(Duration.ZERO, () -> ComputeStatus.FAILED).await()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
  }
}
