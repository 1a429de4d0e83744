package dev.computectl.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RecoveryGateTest {

  private final RecoveryGate gate = new RecoveryGate();

  @Test
  void aClosedGateRefusesARecovery() {
    assertThat(gate.begin()).isFalse();
  }

  @Test
  void theWaiterGivesUpAfterTheDeadlineAndClosesTheGate() throws Exception {
    gate.open();
    assertThat(gate.await(System.nanoTime(), () -> false)).isEmpty();
    assertThat(gate.begin()).isFalse();
  }

  @Test
  void aStartUnderWayKeepsTheWaiterPastItsDeadlineAndHandsOverThePostmaster() throws Exception {
    gate.open();
    assertThat(gate.begin()).isTrue();
    assertThat(gate.begin()).as("one recovery at a time").isFalse();
    PostgresProcess started = mock(PostgresProcess.class);
    CompletableFuture<Optional<PostgresProcess>> waiter = CompletableFuture.supplyAsync(() -> {
      try {
        return gate.await(System.nanoTime(), () -> true);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    // Deadline passed and stop is true, yet the waiter must not give up while the start runs.
    assertThatThrownBy(() -> waiter.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    gate.finish(started);
    assertThat(waiter.get(5, TimeUnit.SECONDS)).contains(started);
  }
}
