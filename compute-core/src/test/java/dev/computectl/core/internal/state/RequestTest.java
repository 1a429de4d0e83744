package dev.computectl.core.internal.state;

import static dev.computectl.spec.ComputeStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeStatus;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RequestTest {

  @ParameterizedTest
  @EnumSource(Request.class)
  void everyMoveIsAnEdgeOfTheTransitionTable(Request request) {
    for (ComputeStatus from : request.moves()) {
      assertThat(Transitions.allowed(from, request.target()))
          .as("%s in %s moves to %s", request, from, request.target())
          .isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Request.class)
  void aStatusEitherMovesKeepsOrRefusesNeverTwo(Request request) {
    assertThat(java.util.Collections.disjoint(request.moves(), request.keeps())).isTrue();
  }

  @Test
  void configureIsTakenByAnEmptyRunningOrFailedCompute() {
    assertThat(Request.CONFIGURE.moves()).containsExactlyInAnyOrder(EMPTY, RUNNING, FAILED);
    assertThat(Request.CONFIGURE.keeps()).isEmpty();
    assertThat(Request.CONFIGURE.decide(FAILED)).isEqualTo(Request.Decision.MOVE);
    assertThat(Request.CONFIGURE.decide(INIT)).isEqualTo(Request.Decision.REFUSE);
    assertThat(Request.CONFIGURE.decide(CONFIGURATION)).isEqualTo(Request.Decision.REFUSE);
  }

  @Test
  void refreshHealsAFailedComputeAndIsANoOpWhenQueuedOrStarting() {
    assertThat(Request.REFRESH.moves()).containsExactlyInAnyOrder(RUNNING, FAILED);
    assertThat(Request.REFRESH.keeps())
        .containsExactlyInAnyOrder(REFRESH_CONFIGURATION_PENDING, INIT);
    assertThat(Request.REFRESH.decide(EMPTY)).isEqualTo(Request.Decision.REFUSE);
    assertThat(Request.REFRESH.decide(CONFIGURATION)).isEqualTo(Request.Decision.REFUSE);
  }

  @ParameterizedTest
  @EnumSource(ComputeStatus.class)
  void terminateIsNeverRefused(ComputeStatus status) {
    assertThat(Request.TERMINATE_FAST.decide(status)).isNotEqualTo(Request.Decision.REFUSE);
    assertThat(Request.TERMINATE_IMMEDIATE.decide(status)).isNotEqualTo(Request.Decision.REFUSE);
    assertThat(Request.TERMINATE_FAST.decide(status) == Request.Decision.MOVE)
        .isEqualTo(!Transitions.isTerminating(status));
  }

  @Test
  void sqlOperationsNeedARunningComputeAndNeverMoveIt() {
    assertThat(Request.SQL_OPERATION.moves()).isEmpty();
    assertThat(Request.SQL_OPERATION.keeps()).containsExactly(RUNNING);
    for (ComputeStatus other : EnumSet.complementOf(EnumSet.of(RUNNING))) {
      assertThat(Request.SQL_OPERATION.decide(other)).isEqualTo(Request.Decision.REFUSE);
    }
  }
}
