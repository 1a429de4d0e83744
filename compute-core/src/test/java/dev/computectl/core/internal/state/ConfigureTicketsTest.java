package dev.computectl.core.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.ComputeException;
import org.junit.jupiter.api.Test;

class ConfigureTicketsTest {

  private final ConfigureTickets tickets = new ConfigureTickets();

  @Test
  void aSettleAnswersEveryTicketIssuedBeforeItButNotLaterOnes() throws Exception {
    long first = tickets.issue();
    long second = tickets.issue();
    tickets.settle(null);
    long third = tickets.issue();
    assertThat(tickets.isSettled(first)).isTrue();
    assertThat(tickets.isSettled(second)).isTrue();
    assertThat(tickets.isSettled(third)).isFalse();
    tickets.answer(second);
    assertThatThrownBy(() -> tickets.answer(third)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailedSettleAnswersWithTheStoredError() {
    long ticket = tickets.issue();
    tickets.settle("reconfigure failed: boom");
    assertThatThrownBy(() -> tickets.answer(ticket))
        .isInstanceOf(ComputeException.ConfigurationFailed.class)
        .hasMessageContaining("reconfigure failed: boom");
  }
}
