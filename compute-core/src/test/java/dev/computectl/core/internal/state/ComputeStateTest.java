package dev.computectl.core.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.ComputeException;
import dev.computectl.core.testing.Specs;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.TerminateMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComputeStateTest {

  private final List<String> changes = new ArrayList<>();
  private final ComputeState state =
      new ComputeState("c1", Clock.systemUTC(),
          (from, to) -> changes.add((from == null ? "start" : from.label()) + "->" + to.label()));

  private void driveTo(ComputeStatus... path) {
    for (ComputeStatus s : path) {
      state.transition(s);
    }
  }

  @Test
  void everyChangeReachesTheListener() {
    driveTo(ComputeStatus.INIT, ComputeStatus.RUNNING);
    assertThat(changes).containsExactly("start->empty", "empty->init", "init->running");
  }

  @Test
  void forbiddenChangeThrowsAndKeepsTheStatus() {
    assertThatThrownBy(() -> state.transition(ComputeStatus.RUNNING))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("illegal compute status change empty -> running");
    assertThat(state.status()).isEqualTo(ComputeStatus.EMPTY);
  }

  @Test
  void configureIsRejectedOutsideEmptyAndRunning() {
    driveTo(ComputeStatus.INIT);
    assertThatThrownBy(() -> state.acceptConfigure(Specs.primary("4MB"), ComputeCtlConfig.defaults()))
        .isInstanceOf(ComputeException.InvalidState.class)
        .hasMessage("invalid compute status: init");
  }

  @Test
  void refreshIsRejectedWithThePascalCaseName() {
    driveTo(ComputeStatus.INIT, ComputeStatus.RUNNING, ComputeStatus.CONFIGURATION_PENDING,
        ComputeStatus.CONFIGURATION);
    assertThatThrownBy(state::acceptRefresh)
        .isInstanceOf(ComputeException.RefreshRejected.class)
        .hasMessage("Cannot refresh compute configuration in state Configuration");
  }

  @Test
  void refreshInFailedIsAccepted() throws Exception {
    driveTo(ComputeStatus.INIT);
    state.fail("boom");
    state.acceptRefresh();
    assertThat(state.status()).isEqualTo(ComputeStatus.REFRESH_CONFIGURATION_PENDING);
    assertThat(state.snapshot().error()).isEqualTo("boom");
  }

  @Test
  void refreshInInitChangesNothing() throws Exception {
    driveTo(ComputeStatus.INIT);
    state.acceptRefresh();
    assertThat(state.status()).isEqualTo(ComputeStatus.INIT);
  }

  @Test
  void configureWaiterSeesAFailureThatHappenedBeforeItWaited() throws Exception {
    driveTo(ComputeStatus.INIT, ComputeStatus.RUNNING);
    long ticket = state.acceptConfigure(Specs.primary("4MB"), ComputeCtlConfig.defaults());
    state.transition(ComputeStatus.CONFIGURATION);
    state.fail("apply failed: role x");
    assertThatThrownBy(() -> state.awaitConfigureOutcome(ticket))
        .isInstanceOf(ComputeException.ConfigurationFailed.class)
        .hasMessage("compute configuration failed: apply failed: role x");
  }

  @Test
  void secondTerminateReportsAlreadyTerminated() {
    assertThat(state.beginTermination(TerminateMode.FAST))
        .isEqualTo(TerminationStart.STARTED);
    assertThat(state.beginTermination(TerminateMode.IMMEDIATE))
        .isEqualTo(TerminationStart.ALREADY_PENDING);
    state.finishTermination(null);
    assertThat(state.beginTermination(TerminateMode.FAST))
        .isEqualTo(TerminationStart.ALREADY_TERMINATED);
  }

  @Test
  void pascalCaseMatchesTheDebugSpelling() {
    assertThat(StatusSpelling.pascalCase(ComputeStatus.REFRESH_CONFIGURATION_PENDING))
        .isEqualTo("RefreshConfigurationPending");
    assertThat(StatusSpelling.pascalCase(ComputeStatus.EMPTY)).isEqualTo("Empty");
  }
}
