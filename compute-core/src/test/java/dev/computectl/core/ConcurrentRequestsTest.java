package dev.computectl.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.core.testing.FakeApplier;
import dev.computectl.core.testing.FakePlatform;
import dev.computectl.core.testing.Specs;
import dev.computectl.core.testing.TestNodes;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.TerminateMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrentRequestsTest {

  @Test
  void hundredConfiguresAndTerminatesNeverDeadlock() throws Exception {
    FakePlatform platform = new FakePlatform();
    InFlightApplier applier = new InFlightApplier();
    try (ComputeNode node =
        TestNodes.builder("c-race", platform, applier).spec(Specs.primary("1MB")).build()) {
      node.start();
      org.awaitility.Awaitility.await().until(() -> node.status() == ComputeStatus.RUNNING);
      ExecutorService pool = Executors.newFixedThreadPool(100);
      CountDownLatch go = new CountDownLatch(1);
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger rejected = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int n = i;
        futures.add(pool.submit(() -> {
          go.await();
          if (n == 90) {
            Thread.sleep(20);
            return node.terminate(TerminateMode.FAST);
          }
          try {
            node.configure(new ConfigurationRequest(Specs.primary(n + "MB"),
                ComputeCtlConfig.defaults()));
            accepted.incrementAndGet();
          } catch (ComputeException.InvalidState e) {
            rejected.incrementAndGet();
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get(20, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(accepted.get() + rejected.get()).isEqualTo(99);
      assertThat(accepted.get()).isGreaterThanOrEqualTo(1);
      assertThat(applier.maxInFlight.get()).isEqualTo(1);
      assertThat(node.status()).isEqualTo(ComputeStatus.TERMINATED);
      assertThat(node.awaitExit(Duration.ofSeconds(5))).isPresent();
    }
  }

  /** Applies slowly and records how many applies ran at once. */
  static final class InFlightApplier implements dev.computectl.sql.SpecApplier {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final FakeApplier delegate = new FakeApplier();

    @Override
    public dev.computectl.sql.ApplyReport apply(
        dev.computectl.spec.ComputeSpec spec, dev.computectl.sql.ApplyOptions options)
        throws dev.computectl.sql.ApplyException {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(2);
        return delegate.apply(spec, options);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new dev.computectl.sql.ApplyException("interrupted", null, e);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }
}
