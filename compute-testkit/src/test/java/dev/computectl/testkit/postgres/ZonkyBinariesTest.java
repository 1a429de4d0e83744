package dev.computectl.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.port.PostgresSetupException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The testkit's choice of binaries: an explicit setting that is wrong is an error. */
class ZonkyBinariesTest {

  @Test
  void aWrongComputePgBinIsAnErrorNamingItNotAFallBackToZonky() {
    assertThatThrownBy(() -> ZonkyBinaries.systemOrClasspath(
        Map.of("COMPUTE_PG_BIN", "/nonexistent", "PATH", "")))
        .isInstanceOf(PostgresSetupException.class)
        .hasMessage("COMPUTE_PG_BIN=/nonexistent: no executable postgres in /nonexistent");
  }
}
