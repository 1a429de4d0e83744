package dev.computectl.core.internal.lifecycle;

import dev.computectl.core.port.PostgresProcess;

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
    assertThat(gate.await(System.nanoTime())).isEmpty();
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
        return gate.await(System.nanoTime());
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    gate.cancel();
    // Deadline passed and a terminate cancelled, yet the waiter must not give up while the start
    // runs: the postmaster it starts needs a thread that waits for it.
    assertThatThrownBy(() -> waiter.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    gate.finish(started);
    assertThat(waiter.get(5, TimeUnit.SECONDS)).contains(started);
  }

  @Test
  void aCancelWakesTheWaiterLongBeforeItsDeadline() throws Exception {
    gate.open();
    CompletableFuture<Optional<PostgresProcess>> waiter = CompletableFuture.supplyAsync(() -> {
      try {
        return gate.await(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThatThrownBy(() -> waiter.get(100, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    gate.cancel();
    assertThat(waiter.get(5, TimeUnit.SECONDS)).isEmpty();
    gate.open();
    assertThat(gate.begin()).as("a cancelled gate never opens again").isFalse();
  }

  @Test
  void aConfigureMayStillRecoverWhileAFailingStartIsFinishing() {
    gate.open();
    assertThat(gate.begin()).isTrue();
    // Its configure was already answered (failed); the next one must not be refused meanwhile.
    assertThat(gate.mayRecover()).isTrue();
    gate.finish(null);
    assertThat(gate.mayRecover()).isTrue();
    assertThat(gate.begin()).isTrue();
    gate.cancel();
    assertThat(gate.mayRecover()).isFalse();
  }
}
