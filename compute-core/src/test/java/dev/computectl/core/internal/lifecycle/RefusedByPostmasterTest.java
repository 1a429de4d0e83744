package dev.computectl.core.internal.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Telling a refused value from a pending restart by the postmaster's reload lines. */
class RefusedByPostmasterTest {

  private static final String RESTART =
      "LOG: parameter \"shared_buffers\" cannot be changed without restarting the server";
  private static final String CLOSING =
      "LOG: configuration file \"/pgdata/postgresql.conf\" contains errors;"
          + " unaffected changes were applied";

  @Test
  void anInvalidValueLineRefusesTheSetting() {
    List<String> lines = List.of(
        "LOG: invalid value for parameter \"shared_buffers\": \"lots\"", CLOSING);
    assertThat(SpecApplication.refusedByPostmaster("shared_buffers", lines)).isTrue();
  }

  @Test
  void anOutOfRangeLineRefusesTheSetting() {
    List<String> lines = List.of("LOG: -5 is outside the valid range for parameter"
        + " \"max_connections\" (1 .. 262143)", CLOSING);
    assertThat(SpecApplication.refusedByPostmaster("max_connections", lines)).isTrue();
  }

  @Test
  void theRestartNoticeAloneDoesNot() {
    assertThat(SpecApplication.refusedByPostmaster("shared_buffers", List.of(RESTART, CLOSING)))
        .isFalse();
  }

  @Test
  void aLineAboutAnotherSettingDoesNot() {
    List<String> lines = List.of(
        "LOG: invalid value for parameter \"shared_buffers_x\": \"1\"",
        "LOG: invalid value for parameter \"work_mem\": \"lots\"", RESTART, CLOSING);
    assertThat(SpecApplication.refusedByPostmaster("shared_buffers", lines)).isFalse();
  }

  @Test
  void withoutANameNothingIsRefusedByName() {
    assertThat(SpecApplication.refusedByPostmaster(null, List.of(CLOSING))).isFalse();
  }
}
