package dev.computectl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.Failpoints.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailpointCommandTest {

  static java.util.Optional<Action> parse(String actions) {
    return new FailpointCommand("p", actions).parse();
  }

  @Test
  void known_actions_map_to_core_actions() {
    assertThat(parse("off")).isEmpty();
    assertThat(parse("return")).contains(new Action.Fail("failpoint p triggered"));
    assertThat(parse("return(disk full)")).contains(new Action.Fail("disk full"));
    assertThat(parse(" sleep(250) ")).contains(new Action.Delay(Duration.ofMillis(250)));
    assertThat(parse("delay(0)")).contains(new Action.Delay(Duration.ZERO));
    assertThat(parse("fail_on(0003)")).contains(new Action.FailOn("0003", "failpoint p triggered for 0003"));
  }

  @Test
  void unknown_or_broken_actions_are_400() {
    for (String bad : new String[] {"exit", "panic", "sleep", "sleep(x)", "sleep(-1)", "return(", "50%return"}) {
      assertThatThrownBy(() -> parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(400))
          .hasMessageContaining("failpoint p");
    }
  }
}
