package dev.computectl.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue #17: a start that Postgres refuses reports Postgres's own lines. */
class PostmasterOutputTest {

  @Test
  void keepsTheLinesThatSayWhyAndPassesEverythingOn() {
    List<String> passed = new ArrayList<>();
    PostmasterOutput out = new PostmasterOutput(passed::add);
    out.accept("2024-01-01 10:00:00.000 GMT [42] LOG:  starting PostgreSQL 15.5");
    out.accept("LOG:  received SIGHUP, reloading configuration files");
    out.accept("LOG:  parameter \"work_mem\" changed to \"8MB\"");
    out.accept("2024-01-01 10:00:00.001 GMT [42] LOG:  invalid value for parameter"
        + " \"max_connections\": \"-5\"");
    long mark = out.mark();
    out.accept("2024-01-01 10:00:00.002 GMT [42] FATAL:  configuration file"
        + " \"/d/postgresql.conf\" contains errors");
    assertThat(passed).hasSize(5);
    assertThat(out.lines()).containsExactly(
        "LOG: invalid value for parameter \"max_connections\": \"-5\"",
        "FATAL: configuration file \"/d/postgresql.conf\" contains errors");
    assertThat(out.since(mark)).containsExactly(
        "FATAL: configuration file \"/d/postgresql.conf\" contains errors");
  }

  @Test
  void keepsOnlyTheLastFew() {
    PostmasterOutput out = new PostmasterOutput(line -> { });
    for (int i = 0; i < 20; i++) {
      out.accept("FATAL:  number " + i);
    }
    assertThat(out.lines()).hasSize(8).last().isEqualTo("FATAL: number 19");
    assertThat(out.since(0)).hasSize(8);
  }
}
