package dev.computectl.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.spec.SpecBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} of a running compute: the families an operator relies on are there, and
 * Prometheus's own linter accepts the text. promtool (Debian package {@code prometheus}) is
 * optional on a build machine, so the linter check is skipped where it is not installed.
 */
class MetricsExpositionIT {

  /**
   * Neon's names for the downtime metrics carry {@code _ms}; promtool's naming lint flags that.
   * We keep Neon's names so existing dashboards work, and accept exactly these two lint lines.
   */
  private static final List<String> NEON_NAMES_WITH_MS =
      List.of("compute_pg_current_downtime_ms", "compute_pg_downtime_ms_total");

  private static TestCompute compute;
  private static String metrics;

  @BeforeAll
  static void startCompute() {
    compute =
        TestCompute.builder()
            .spec(SpecBuilder.spec().role("app", "app-pw").database("shop", "app"))
            .start()
            .awaitRunning();
    metrics = compute.client().metrics();
  }

  @AfterAll
  static void stopCompute() {
    if (compute != null) {
      compute.close();
    }
  }

  @Test
  void exposesTheFamiliesOperatorsUse() {
    assertThat(metrics)
        .contains("compute_ctl_up{build_tag=\"latest\",status=\"running\"} 1.0")
        .contains("# TYPE compute_ctl_status_code gauge")
        .contains("compute_ctl_status_code 3.0")
        .contains("compute_pg_downtime_ms_total")
        .contains("pg_cctl_pagestream_request_errors_total")
        .contains("compute_ctl_startup_phase_duration_seconds{phase=\"total\"}")
        .contains("compute_ctl_apply_phase_duration_seconds{phase=\"CreateAndAlterRoles\"}");
  }

  @Test
  void promtoolAcceptsTheExposition() throws Exception {
    Path promtool = Path.of("/usr/bin/promtool");
    assumeTrue(Files.isExecutable(promtool), "promtool is not installed (Debian: prometheus)");

    Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").start();
    check.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
    check.getOutputStream().close();
    String report = read(check);
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();

    List<String> problems =
        Arrays.stream(report.split("\n"))
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .filter(line -> NEON_NAMES_WITH_MS.stream().noneMatch(line::startsWith))
            .toList();
    assertThat(problems).as("promtool findings beyond Neon's _ms names").isEmpty();
    // Exit 0 is clean; 3 is "lint findings", which must then be only the accepted Neon names.
    assertThat(check.exitValue()).isIn(0, 3);
  }

  private static String read(Process process) throws IOException {
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    return new String(out, StandardCharsets.UTF_8) + new String(err, StandardCharsets.UTF_8);
  }
}
