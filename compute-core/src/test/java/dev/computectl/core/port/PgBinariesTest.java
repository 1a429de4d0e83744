package dev.computectl.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgBinariesTest {

  @Test
  void readsMajorAndVersionFromPostgresOutput() {
    String out = "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n";
    assertThat(PgBinaries.parseMajor(out)).isEqualTo(15);
    assertThat(PgBinaries.versionText(out)).isEqualTo("15.18 (Debian 15.18-0+deb12u1)");
    assertThat(PgBinaries.parseMajor("postgres (PostgreSQL) 18beta1")).isEqualTo(18);
    assertThat(PgBinaries.parseMajor("postgres (PostgreSQL) 9.6.24")).isEqualTo(9);
  }

  @Test
  void rejectsUnsupportedMajorsWithTheRange() {
    assertThatThrownBy(() -> PgBinaries.checkSupported(13, Path.of("/x")))
        .isInstanceOf(PostgresSetupException.class)
        .hasMessageContaining("Postgres 13").hasMessageContaining("14 to 18");
    assertThatThrownBy(() -> PgBinaries.checkSupported(19, Path.of("/x")))
        .isInstanceOf(PostgresSetupException.class);
    PgBinaries.checkSupported(14, Path.of("/x"));
    PgBinaries.checkSupported(18, Path.of("/x"));
  }

  @Test
  void garbageVersionIsAClearError() {
    assertThatThrownBy(() -> PgBinaries.parseMajor("hello"))
        .isInstanceOf(PostgresSetupException.class).hasMessageContaining("hello");
  }

  @Test
  void pgbinMustNamePostgres(@TempDir Path dir) {
    assertThatThrownBy(() -> PgBinaries.locate(dir.resolve("initdb"), Map.of()))
        .isInstanceOf(PostgresSetupException.class).hasMessageContaining("postgres binary");
  }

  @Test
  void aWrongExplicitSettingIsAnErrorNamingItAndItsValue(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> PgBinaries.locate(dir.resolve("initdb"), "POSTGRES_PATH", Map.of()))
        .isInstanceOf(PostgresSetupException.class).hasMessage("POSTGRES_PATH="
            + dir.resolve("initdb") + ": must be the path of the postgres binary (ending in"
            + " postgres)");
    assertThatThrownBy(() -> PgBinaries.locate(Path.of("/bad/postgres"), "--pgbin", Map.of()))
        .hasMessage("--pgbin /bad/postgres: is not an executable file");
    // A wrong COMPUTE_PG_BIN is an error, not a reason to look on PATH.
    Path pgConfigDir = Files.createDirectories(dir.resolve("path"));
    Path pgConfig = Files.writeString(pgConfigDir.resolve("pg_config"), "#!/bin/sh\necho /\n");
    pgConfig.toFile().setExecutable(true);
    assertThatThrownBy(() -> PgBinaries.locate(null, "--pgbin",
        Map.of("COMPUTE_PG_BIN", "/nonexistent", "PATH", pgConfigDir.toString())))
        .isInstanceOf(PostgresSetupException.class)
        .hasMessage("COMPUTE_PG_BIN=/nonexistent: no executable postgres in /nonexistent");
    // A postgres that is not one: the error names the variable too.
    Path fake = Files.createDirectories(dir.resolve("fake"));
    Path postgres = Files.writeString(fake.resolve("postgres"), "#!/bin/sh\necho 'postgres (PostgreSQL) 12.3'\n");
    postgres.toFile().setExecutable(true);
    assertThatThrownBy(() -> PgBinaries.locate(null, Map.of("COMPUTE_PG_BIN", fake.toString())))
        .hasMessageStartingWith("COMPUTE_PG_BIN=" + fake + ": Postgres 12 in " + fake
            + " is not supported");
    assertThatThrownBy(() -> PgBinaries.locate(postgres, "POSTGRES_PATH", Map.of()))
        .hasMessageStartingWith("POSTGRES_PATH=" + postgres + ": Postgres 12 in");
  }

  @Test
  void newestDebianMajorWins(@TempDir Path root) throws Exception {
    for (String major : new String[] {"14", "16", "9"}) {
      Path bin = Files.createDirectories(root.resolve(major).resolve("bin"));
      Path postgres = Files.createFile(bin.resolve("postgres"));
      postgres.toFile().setExecutable(true);
    }
    Files.createDirectories(root.resolve("17")); // no binaries: skipped
    assertThat(PgBinaries.newestDebianBindir(root)).contains(root.resolve("16/bin"));
  }

  @Test
  void toolsResolveInTheBinDirectory() {
    PgBinaries bin = new PgBinaries(Path.of("/opt/pg/bin"), 16, "16.4");
    assertThat(bin.tool("initdb")).isEqualTo(Path.of("/opt/pg/bin/initdb"));
    assertThat(bin.postgres()).isEqualTo(Path.of("/opt/pg/bin/postgres"));
  }
}
