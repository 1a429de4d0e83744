package dev.computectl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.testing.FakeApplier;
import dev.computectl.core.testing.FakePlatform;
import dev.computectl.core.testing.Specs;
import dev.computectl.core.testing.TestNodes;
import dev.computectl.spec.ComputeStatus;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AwaitRunningTest {

  private final FakePlatform platform = new FakePlatform();
  private final FakeApplier applier = new FakeApplier();
  private ComputeNode node;

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void returnsOnceTheComputeIsRunning() throws Exception {
    node = TestNodes.builder("c-await", platform, applier).spec(Specs.primary("4MB")).build();
    node.start();
    node.awaitRunning(Duration.ofSeconds(10));
    assertThat(node.status()).isEqualTo(ComputeStatus.RUNNING);
  }

  @Test
  void aFailedStartEndsTheWaitAtOnceNamingStatusAndError() {
    platform.startFailure = new IOException("no space left on device");
    node = TestNodes.builder("c-await-fail", platform, applier).spec(Specs.primary("4MB")).build();
    node.start();
    long started = System.nanoTime();
    assertThatThrownBy(() -> node.awaitRunning(Duration.ofMinutes(5)))
        .isInstanceOfSatisfying(NotRunningException.class, e -> {
          assertThat(e.status()).isIn(ComputeStatus.FAILED, ComputeStatus.TERMINATED);
          assertThat(e.error()).hasValueSatisfying(
              error -> assertThat(error).contains("no space left on device"));
        })
        .hasMessageStartingWith("compute c-await-fail is ")
        .hasMessageContaining("not running: ")
        .hasMessageContaining("no space left on device");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void runningOutOfTimeNamesTheStatusItWasIn() {
    node = TestNodes.builder("c-await-empty", platform, applier).build(); // no spec: stays empty
    node.start();
    assertThatThrownBy(() -> node.awaitRunning(Duration.ofMillis(200)))
        .isInstanceOfSatisfying(NotRunningException.class,
            e -> assertThat(e.status()).isEqualTo(ComputeStatus.EMPTY))
        .hasMessage("compute c-await-empty is not running after 200 ms (status empty)");
  }
}
