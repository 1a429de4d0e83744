package dev.computectl.core.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeStatus;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TriggerTest {

  @ParameterizedTest
  @EnumSource(Trigger.class)
  void everyTriggerEdgeIsInTheTransitionTable(Trigger trigger) {
    for (ComputeStatus from : trigger.from()) {
      assertThat(Transitions.allowed(from, trigger.target()))
          .as("%s: %s -> %s", trigger, from, trigger.target())
          .isTrue();
    }
  }

  @Test
  void aTriggerFiresOnlyFromItsStatuses() throws Exception {
    ComputeState state = new ComputeState("c-trig", Clock.systemUTC(), (from, to) -> {});
    assertThat(state.fire(Trigger.STARTED)).isFalse();
    assertThat(state.status()).isEqualTo(ComputeStatus.EMPTY);
    assertThat(state.fire(Trigger.BEGIN_START)).isTrue();
    assertThat(state.fire(Trigger.STARTED)).isTrue();
    assertThat(state.status()).isEqualTo(ComputeStatus.RUNNING);
  }

  @Test
  void movingToRunningClearsTheError() throws Exception {
    ComputeState state = new ComputeState("c-trig", Clock.systemUTC(), (from, to) -> {});
    state.fire(Trigger.BEGIN_START);
    state.fire(Trigger.STARTED);
    state.acceptRefresh();
    state.fire(Trigger.BEGIN_REFRESH);
    state.recordError("fetch failed");
    state.fire(Trigger.RETRY_REFRESH);
    assertThat(state.snapshot().error()).isEqualTo("fetch failed");
    state.fire(Trigger.BEGIN_REFRESH);
    state.fire(Trigger.REFRESHED);
    assertThat(state.snapshot().error()).isNull();
  }
}
