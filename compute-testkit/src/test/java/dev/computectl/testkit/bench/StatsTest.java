package dev.computectl.testkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianOfAnOddCountIsTheMiddleSample() {
    Stats s = Stats.of(List.of(9.0, 1.0, 5.0, 3.0, 7.0));
    assertThat(s.median()).isEqualTo(5.0);
    assertThat(s.min()).isEqualTo(1.0);
    assertThat(s.max()).isEqualTo(9.0);
    assertThat(s.count()).isEqualTo(5);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleSamples() {
    assertThat(Stats.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
  }

  @Test
  void percentilesAreNearestRank() {
    Stats s = Stats.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0));
    assertThat(s.percentile(99)).isEqualTo(10.0);
    assertThat(s.percentile(90)).isEqualTo(9.0);
    assertThat(s.percentile(10)).isEqualTo(1.0);
  }

  @Test
  void noSamplesIsAnError() {
    assertThatThrownBy(() -> Stats.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
