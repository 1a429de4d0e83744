package dev.computectl.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void portsAreBelowTheEphemeralRangeAndNeverHandedOutTwice() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = Ports.freePort();
      assertThat(port).isNotEqualTo(5432).isLessThan(Ports.ephemeralRangeStart());
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
  }
}
