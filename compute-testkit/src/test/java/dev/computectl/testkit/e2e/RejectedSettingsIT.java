package dev.computectl.testkit.e2e;

import static dev.computectl.testkit.e2e.ScenarioSupport.configureRaw;
import static dev.computectl.testkit.e2e.ScenarioSupport.show;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.client.RawResponse;
import dev.computectl.testkit.spec.SpecBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue #17: settings Postgres refuses. At startup the compute goes {@code failed} with
 * Postgres's own words naming the setting; at reconfigure the previous configuration stays in
 * force, the configure answers 500 naming the setting, and the compute is {@code running}.
 */
class RejectedSettingsIT {

  private static SpecBuilder base() {
    return SpecBuilder.spec().role("app", "pw").database("shop", "app")
        .setting("work_mem", "4MB", "string");
  }

  @Test
  void aStartWithAnInvalidMaxConnectionsFailsNamingTheSetting() {
    try (TestCompute compute = TestCompute.builder()
        .spec(base().setting("max_connections", "-5", "integer")).start()) {
      compute.awaitStatus(ComputeStatus.FAILED, Duration.ofSeconds(60));
      assertThat(compute.statusResponse().error())
          .contains("max_connections")
          .contains("-5")
          .contains("FATAL");
    }
  }

  @Test
  void aReconfigureWithRefusedSettingsKeepsThePreviousConfigurationAndStaysRunning()
      throws Exception {
    try (TestCompute compute = TestCompute.builder().spec(base()).start().awaitRunning()) {
      assertThat(show(compute, "work_mem")).isEqualTo("4MB");

      RawResponse bad = configureRaw(compute, base().setting("work_mem", "8MB", "string")
          // As a string the value passes validation (a bool vartype would be refused with 400
          // before it reaches Postgres); Postgres itself refuses it on reload.
          .setting("fsync", "maybe", "string"));
      assertThat(bad.statusCode()).as(bad.body()).isEqualTo(500);
      assertThat(bad.body()).contains("fsync").contains("maybe");
      assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
      assertThat(compute.statusResponse().error()).isNull();
      assertThat(show(compute, "work_mem")).as("the previous config is in force").isEqualTo("4MB");

      RawResponse unknown = configureRaw(compute, base().setting("no_such_setting", "1",
          "integer"));
      assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(500);
      assertThat(unknown.body()).contains("no_such_setting");
      assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);

      RawResponse negative = configureRaw(compute, base().setting("max_connections", "-5",
          "integer"));
      assertThat(negative.statusCode()).as(negative.body()).isEqualTo(500);
      assertThat(negative.body()).contains("max_connections");
      assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);

      // A restart-only setting with a value Postgres cannot parse: pg_file_settings says only
      // "setting could not be applied" (as for a valid change waiting for a restart), but the
      // setting is not pending a restart, so it is refused.
      RawResponse lots = configureRaw(compute, base().setting("shared_buffers", "lots",
          "string"));
      assertThat(lots.statusCode()).as(lots.body()).isEqualTo(500);
      assertThat(lots.body()).contains("shared_buffers").contains("lots");
      assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
      assertThat(compute.statusResponse().error()).isNull();

      RawResponse good = configureRaw(compute, base().setting("work_mem", "8MB", "string"));
      assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
      assertThat(show(compute, "work_mem")).isEqualTo("8MB");
    }
  }

  @Test
  void anInvalidValueForASettingAlreadyWaitingForARestartIsRefusedToo() throws Exception {
    try (TestCompute compute = TestCompute.builder().spec(base()).start().awaitRunning()) {
      RawResponse valid = configureRaw(compute, base().setting("shared_buffers", "256MB",
          "string"));
      assertThat(valid.statusCode()).as(valid.body()).isEqualTo(200);
      assertThat(compute.node().orElseThrow().pendingRestartSettings())
          .anySatisfy(p -> assertThat(p.name()).isEqualTo("shared_buffers"));

      // shared_buffers is now flagged pending_restart whatever the file says, and
      // pg_file_settings gives "setting could not be applied" for a good value and a bad one
      // alike: only the postmaster's reload lines tell them apart.
      RawResponse lots = configureRaw(compute, base().setting("shared_buffers", "lots",
          "string"));
      assertThat(lots.statusCode()).as(lots.body()).isEqualTo(500);
      assertThat(lots.body()).contains("shared_buffers").contains("lots");
      assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
      assertThat(compute.node().orElseThrow().pendingRestartSettings())
          .as("the previous configuration, with its valid pending value, is back")
          .anySatisfy(p -> assertThat(p.fileValue()).isEqualTo("256MB"));

      RawResponse other = configureRaw(compute, base().setting("shared_buffers", "512MB",
          "string"));
      assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
      assertThat(compute.node().orElseThrow().pendingRestartSettings())
          .anySatisfy(p -> assertThat(p.fileValue()).isEqualTo("512MB"));
    }
  }
}
