package dev.computectl.core.internal.ops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.ComputeException;
import dev.computectl.spec.api.ExtensionInstallRequest;
import dev.computectl.spec.api.Privilege;
import dev.computectl.spec.api.SetRoleGrantsRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Arguments no Postgres object can have are refused (400) before any session is opened. */
class SqlOperationsArgumentsTest {

  private final SqlOperations ops = new SqlOperations(db -> {
    throw new AssertionError("no session may be opened for a refused request");
  });

  @Test
  void aDatabaseNameWithNulIs400() {
    assertThatThrownBy(() -> ops.databaseExists("postgres\0"))
        .isInstanceOf(ComputeException.InvalidRequest.class)
        .hasMessageContaining("NUL character at position 8");
  }

  @Test
  void unpairedSurrogatesAndLongNamesAre400() {
    assertThatThrownBy(() -> ops.databaseExists("a\ud800"))
        .isInstanceOf(ComputeException.InvalidRequest.class)
        .hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> ops.databaseExists("d".repeat(64)))
        .isInstanceOf(ComputeException.InvalidRequest.class)
        .hasMessageContaining("longer than 63 bytes");
    assertThatThrownBy(() -> ops.installExtension(
            new ExtensionInstallRequest("x\0", "postgres", "1.0")))
        .isInstanceOf(ComputeException.InvalidRequest.class)
        .hasMessageStartingWith("extension ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pg_catalog", "information_schema", "pg_toast", "pg_temp_1"})
  void grantsOnSystemSchemasAreRefused(String schema) {
    assertThatThrownBy(() -> ops.setRoleGrants(
            new SetRoleGrantsRequest("postgres", schema, List.of(Privilege.CREATE), "app")))
        .isInstanceOf(ComputeException.InvalidRequest.class)
        .hasMessageContaining("system schema");
  }

  @Test
  void aHugeNameIsQuotedOnlyInPart() {
    assertThatThrownBy(() -> ops.setRoleGrants(new SetRoleGrantsRequest(
            "postgres", "public", List.of(Privilege.USAGE), "r".repeat(100_000))))
        .isInstanceOf(ComputeException.InvalidRequest.class)
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage())
            .hasSizeLessThan(200));
  }
}
