package dev.computectl.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.internal.storage.PgBackRest;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PgdataRequest;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the pgBackRest storage asks of a spec and writes into postgresql.conf. */
class PgBackRestStorageTest {

  private final PgBackRestStorage storage = PgBackRestStorage.of(Path.of("/etc/pgbr.conf"),
      FreshStorage.cached(new TemplateCache(Path.of("/tmp/templates"))));

  private static ComputeSpec spec(String extra, String settings) throws Exception {
    return SpecJson.readSpec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": 300," + extra
        + " \"cluster\": {\"roles\": [], \"databases\": [], \"settings\": [" + settings + "]}}");
  }

  @Test
  void aSpecNeedsATimelineAndMayNotSetTheArchiveSettings() throws Exception {
    List<SpecProblem> problems = storage.check(spec("",
        "{\"name\": \"archive_command\", \"value\": \"cp %p /x\", \"vartype\": \"string\"},"
            + "{\"name\": \"archive_timeout\", \"value\": \"30\", \"vartype\": \"integer\"}"));
    assertThat(problems).extracting(SpecProblem::path)
        .containsExactly("timeline_id", "cluster.settings[0]");
    assertThat(problems.get(0).message()).contains("pgBackRest").contains("timeline_id");
    assertThat(problems.get(1).message()).contains("archive_command is written by compute_ctl");
  }

  @Test
  void aPrimaryAndAReplicaArchiveToTheirStanzaAndAStaticComputeDoesNot() throws Exception {
    String timeline = "\"timeline_id\": \"de200bd42b49cc1814412c7e592dd6e9\",";
    List<String> lines = storage.withArchiveTimeout(Duration.ofSeconds(15))
        .settings(spec(timeline, ""), Path.of("/data/pgdata"));
    assertThat(lines).containsExactly("archive_mode = on",
        "archive_command = 'pgbackrest --config=/etc/pgbr.conf"
            + " --stanza=de200bd42b49cc1814412c7e592dd6e9 --pg1-path=/data/pgdata"
            + " archive-push %p'",
        "archive_timeout = 15");
    assertThat(storage.settings(spec(timeline + " \"mode\": {\"Static\": \"0/16B3748\"},", ""),
        Path.of("/data/pgdata"))).isEmpty();
    // archive_mode takes a restart: a replica has it from its start, for after a promotion.
    assertThat(storage.withArchiveTimeout(Duration.ofSeconds(15))
        .settings(spec(timeline + " \"mode\": \"Replica\",", ""), Path.of("/data/pgdata")))
        .isEqualTo(lines);
    assertThat(storage.check(spec(timeline, ""))).isEmpty();
  }

  @Test
  void aMissingPgbackrestProgramFailsThePrepareNamingIt() throws Exception {
    String timeline = "\"timeline_id\": \"de200bd42b49cc1814412c7e592dd6e9\",";
    Path pgdata = java.nio.file.Files.createTempDirectory("pgbr-missing-").resolve("pgdata");
    PgdataRequest request = new PgdataRequest("c1", pgdata, spec(timeline, ""),
        PgBinaries.of(Path.of("/usr/lib/postgresql/15/bin")), PrivilegeDrop.none(),
        "cloud_admin");
    assertThatThrownBy(() -> storage.withBinary("/nonexistent/bin/pgbackrest").prepare(request))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("/nonexistent/bin/pgbackrest is not an executable file")
        .hasMessageContaining("Debian package pgbackrest");
    assertThatThrownBy(() -> PgBackRest.checkInstalled("pgbackrest-nowhere", "/nonexistent:/x"))
        .hasMessageContaining("'pgbackrest-nowhere' is not on the PATH (/nonexistent:/x)");
    assertThat(pgdata).as("nothing was made").doesNotExist();
  }
}
