package dev.computectl.core.internal.state;

import static dev.computectl.spec.ComputeStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TransitionsTest {

  /** The table written out edge by edge, independent of how Transitions builds it. */
  static Stream<Arguments> allowedEdges() {
    List<Arguments> edges = new ArrayList<>();
    edge(edges, EMPTY, INIT, CONFIGURATION_PENDING);
    edge(edges, CONFIGURATION_PENDING, INIT, CONFIGURATION, FAILED);
    edge(edges, INIT, RUNNING, FAILED);
    edge(edges, RUNNING, CONFIGURATION_PENDING, REFRESH_CONFIGURATION_PENDING, FAILED);
    edge(edges, CONFIGURATION, RUNNING, FAILED);
    edge(edges, FAILED, REFRESH_CONFIGURATION_PENDING, CONFIGURATION_PENDING);
    edge(edges, REFRESH_CONFIGURATION_PENDING, REFRESH_CONFIGURATION, FAILED);
    edge(edges, REFRESH_CONFIGURATION, RUNNING, REFRESH_CONFIGURATION_PENDING, FAILED);
    for (ComputeStatus live : EnumSet.complementOf(EnumSet.of(
        TERMINATION_PENDING_FAST, TERMINATION_PENDING_IMMEDIATE, TERMINATED))) {
      edge(edges, live, TERMINATION_PENDING_FAST, TERMINATION_PENDING_IMMEDIATE);
    }
    edge(edges, TERMINATION_PENDING_FAST, TERMINATED);
    edge(edges, TERMINATION_PENDING_IMMEDIATE, TERMINATED);
    return edges.stream();
  }

  private static void edge(List<Arguments> out, ComputeStatus from, ComputeStatus... tos) {
    for (ComputeStatus to : tos) {
      out.add(Arguments.of(from, to));
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("allowedEdges")
  void everyListedEdgeIsAllowed(ComputeStatus from, ComputeStatus to) {
    assertThat(Transitions.allowed(from, to)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(ComputeStatus.class)
  void nothingElseIsAllowed(ComputeStatus from) {
    Set<ComputeStatus> expected = EnumSet.noneOf(ComputeStatus.class);
    allowedEdges()
        .filter(a -> a.get()[0] == from)
        .forEach(a -> expected.add((ComputeStatus) a.get()[1]));
    assertThat(Transitions.from(from)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void sampleOfForbiddenChanges() {
    assertThat(Transitions.allowed(EMPTY, RUNNING)).isFalse();
    assertThat(Transitions.allowed(TERMINATED, EMPTY)).isFalse();
    assertThat(Transitions.allowed(TERMINATED, RUNNING)).isFalse();
    assertThat(Transitions.allowed(FAILED, RUNNING)).isFalse();
    assertThat(Transitions.allowed(RUNNING, RUNNING)).isFalse();
    assertThat(Transitions.allowed(INIT, CONFIGURATION_PENDING)).isFalse();
    assertThat(Transitions.allowed(TERMINATION_PENDING_FAST, RUNNING)).isFalse();
    assertThat(Transitions.allowed(TERMINATION_PENDING_FAST, TERMINATION_PENDING_IMMEDIATE))
        .isFalse();
    assertThat(Transitions.allowed(REFRESH_CONFIGURATION_PENDING, RUNNING)).isFalse();
  }

  @Test
  void terminatedIsFinal() {
    assertThat(Transitions.from(TERMINATED)).isEmpty();
  }
}
