package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.spec.SpecBuilder;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue #17: a postmaster stopped with SIGSTOP accepts TCP but answers nothing. {@code /readiness}
 * must turn 503 and {@code compute_pg_current_downtime_ms} must grow (the activity monitor's
 * session times out instead of hanging); after SIGCONT both recover. The status stays {@code
 * running}: it is the lifecycle, readiness is the probe.
 */
class ReadinessIT {

  private static final Pattern CURRENT_DOWNTIME =
      Pattern.compile("(?m)^compute_pg_current_downtime_ms (\\S+)$");

  @Test
  void aStoppedPostmasterIsNotReadyAndCountsAsDowntime() throws Exception {
    try (TestCompute compute = TestCompute.builder()
        .spec(SpecBuilder.spec().role("app", "pw").database("shop", "app")).start()
        .awaitRunning()) {
      assertThat(compute.client().readiness()).isTrue();
      long postmaster = compute.postmasterPid().orElseThrow();
      signal("STOP", postmaster);
      try {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
            .until(() -> !compute.client().readiness());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
            .until(() -> currentDowntime(compute) > 0);
        assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
      } finally {
        signal("CONT", postmaster);
      }
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
          .until(() -> compute.client().readiness());
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
          .until(() -> currentDowntime(compute) == 0);
      assertThat(compute.client().metrics())
          .containsPattern("(?m)^compute_pg_downtime_ms_total [1-9]");
    }
  }

  private static double currentDowntime(TestCompute compute) {
    Matcher m = CURRENT_DOWNTIME.matcher(compute.client().metrics());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
    assertThat(kill.waitFor()).as("kill -" + name + " " + pid).isZero();
  }
}
