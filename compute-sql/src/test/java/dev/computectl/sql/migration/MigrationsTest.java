package dev.computectl.sql.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MigrationsTest {

  @Test
  void twelveMigrationsNumberedInOrderWithFiveToNineSkipped() {
    assertThat(Migrations.ALL).extracting(Migration::number)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 12).boxed().toList());
    assertThat(Migrations.ALL).filteredOn(Migration::skipped).extracting(Migration::number)
        .containsExactly(5, 6, 7, 8, 9);
  }

  @Test
  void thePrivilegedRoleIsAParameterNotATextSubstitution() {
    for (Migration m : Migrations.ALL) {
      if (m.skipped()) {
        continue;
      }
      String sql = m.sqlFor("weak \"su\"");
      assertThat(sql).as("migration %d", m.number()).doesNotContain("neon_superuser");
      assertThat(sql).containsAnyOf("\"weak \"\"su\"\"\"", "'weak \"su\"'");
    }
  }

  @Test
  void versionGatedMigrationsCheckTheServerVersion() {
    assertThat(Migrations.ALL.get(2).sqlFor("p")).contains("160000").contains("pg_create_subscription");
    assertThat(Migrations.ALL.get(9).sqlFor("p")).contains("160000").contains("pg_log_standby_snapshot");
  }
}
