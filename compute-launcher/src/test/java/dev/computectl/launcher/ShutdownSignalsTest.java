package dev.computectl.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShutdownSignalsTest {

  private final List<String> calls = new ArrayList<>();
  private final ShutdownSignals signals = new ShutdownSignals(new ShutdownSignals.Listener() {
    @Override
    public void fastShutdown(String signal) {
      calls.add("fast " + signal);
    }

    @Override
    public void immediateShutdown(String signal) {
      calls.add("immediate " + signal);
    }
  });

  @Test
  void firstSignalIsFastAndEveryLaterOneImmediate() {
    signals.onSignal("SIGTERM");
    assertThat(calls).containsExactly("fast SIGTERM");
    signals.onSignal("SIGINT");
    signals.onSignal("SIGTERM");
    assertThat(calls).containsExactly("fast SIGTERM", "immediate SIGINT", "immediate SIGTERM");
    assertThat(signals.received()).isEqualTo(3);
  }
}
