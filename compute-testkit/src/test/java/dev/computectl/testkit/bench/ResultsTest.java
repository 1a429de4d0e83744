package dev.computectl.testkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTest {

  @Test
  void aFigureGoesToTheTableAndItsMedianToTheJson() {
    Results r = new Results();
    r.figure("P1", "ours", "ours_ms", Stats.of(List.of(30.0, 10.0, 20.0)), "ms", "note");
    assertThat(r.json().get("P1").get("ours_ms").asDouble()).isEqualTo(20.0);
    assertThat(table(r)).contains("| P1 ", "| ours ", "20.0 ms", "10.0 .. 30.0", "note");
  }

  @Test
  void anUnmeasuredFigureIsNullInTheJsonAndNamesItsReason() {
    Results r = new Results();
    r.unavailable("P5", "rss", "rss_mib", "jar not built");
    assertThat(r.json().get("P5").get("rss_mib").isNull()).isTrue();
    assertThat(table(r)).contains("n/a (jar not built)");
  }

  @Test
  void aFailedSectionKeepsFiguresItAlreadyHad() {
    Results r = new Results();
    r.derived("P2", "writes", "writes", 0, "", "");
    r.sectionFailed("P2", List.of("ms", "writes"), "failed: boom");
    assertThat(r.json().get("P2").get("writes").asDouble()).isZero();
    assertThat(r.json().get("P2").get("ms").isNull()).isTrue();
  }

  private static String table(Results r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    r.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
