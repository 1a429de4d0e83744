package dev.computectl.core.internal.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.spec.Cluster;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.GenericOption;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.fixtures.NeonFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresConfWriterTest {

  @TempDir Path pgdata;
  @TempDir Path pkglibdir;
  private ComputeSpec neon;
  private final PostgresConfWriter writer = new PostgresConfWriter();

  @BeforeEach
  void load() throws Exception {
    neon = SpecJson.readSpec(NeonFixtures.load(NeonFixtures.API_SPEC));
    Files.createFile(pkglibdir.resolve("plpgsql.so"));
  }

  private ConfParams params(String connstr) {
    return new ConfParams("127.0.0.1", Path.of("/run/pg"), connstr, 3081, "neon_superuser",
        pkglibdir, false);
  }

  @Test
  void rendersNeonFixtureSettingsWithRuleE6() throws Exception {
    ConfWriteResult result = writer.write(pgdata, neon, params(null));
    List<String> lines = Files.readAllLines(result.file());
    int begin = lines.indexOf(PostgresConfWriter.BEGIN_MANAGED);
    int end = lines.indexOf(PostgresConfWriter.END_MANAGED);
    List<String> block = lines.subList(begin + 1, end);
    assertThat(block).hasSize(neon.cluster().settings().size());
    assertThat(block).contains(
        "fsync = off",
        "shared_buffers = 32768",
        "listen_addresses = '0.0.0.0'",
        "neon.pageserver_connstring = 'host=127.0.0.1 port=6400'",
        // only the single quote and the backslash are doubled, not the double quote
        "test.escaping = 'here''s a backslash \\\\ and a quote '' and a double-quote \" hooray'");
  }

  @Test
  void dropsPreloadLibrariesThatAreNotInstalled() throws Exception {
    ConfWriteResult result = writer.write(pgdata, neon, params(null));
    assertThat(Files.readAllLines(result.file())).contains("shared_preload_libraries = ''");
    assertThat(result.warnings()).singleElement().asString().contains("'neon'");

    Files.createFile(pkglibdir.resolve("pg_stat_statements.so"));
    ComputeSpec spec = withSettings(new GenericOption("shared_preload_libraries",
        "neon, pg_stat_statements,$libdir/plpgsql", "string"));
    ConfWriteResult two = writer.write(pgdata, spec, params(null));
    assertThat(Files.readAllLines(two.file()))
        .contains("shared_preload_libraries = 'pg_stat_statements,$libdir/plpgsql'");
  }

  @Test
  void includeOfTheOverrideFileIsLastAndTheHashIsJustBeforeIt() throws Exception {
    ConfWriteResult result = writer.write(pgdata, neon, params(null));
    List<String> lines = Files.readAllLines(result.file());
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo("include_if_exists = 'compute_ctl_temp_override.conf'");
    assertThat(lines.get(lines.size() - 2))
        .isEqualTo("compute_ctl.config_hash = '" + result.configHash() + "'");
    // caller-given runtime lines come after the spec block, so they win
    assertThat(lines.indexOf("listen_addresses = '127.0.0.1'"))
        .isGreaterThan(lines.indexOf("listen_addresses = '0.0.0.0'"));
    assertThat(lines).contains("unix_socket_directories = '/run/pg'",
        "compute_ctl.extension_server_port=3081", "neon.compute_mode=primary");
    writer.writeOverride(pgdata, "neon.max_cluster_size=-1\n");
    assertThat(pgdata.resolve(PostgresConfWriter.OVERRIDE_FILE))
        .hasContent("neon.max_cluster_size=-1");
  }

  @Test
  void hashChangesWithTheContent() throws Exception {
    String first = writer.write(pgdata, neon, params(null)).configHash();
    assertThat(writer.write(pgdata, neon, params(null)).configHash()).isEqualTo(first);
    ComputeSpec other = withSettings(new GenericOption("work_mem", "4096", "integer"));
    assertThat(writer.write(pgdata, other, params(null)).configHash()).isNotEqualTo(first);
  }

  @Test
  void portComesFromSpecOrConnstrAndAConflictIsAnError() throws Exception {
    assertThat(writer.write(pgdata, neon, params(null)).port()).hasValue(55432);
    assertThat(writer.write(pgdata, neon, params("postgresql://cloud_admin@localhost:55432/x"))
        .port()).hasValue(55432);
    assertThatThrownBy(() -> writer.write(pgdata, neon,
        params("postgresql://cloud_admin@localhost:5433/postgres")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("55432").hasMessageContaining("5433");

    ComputeSpec noPort = withSettings(new GenericOption("work_mem", "4096", "integer"));
    ConfWriteResult fromConnstr =
        writer.write(pgdata, noPort, params("postgresql://cloud_admin@127.0.0.1:6000/postgres"));
    assertThat(fromConnstr.port()).hasValue(6000);
    assertThat(Files.readAllLines(fromConnstr.file())).contains("port = 6000");
  }

  @Test
  void settingLinesFollowE6() {
    assertThat(PostgresConfWriter.settingLine(new GenericOption("work_mem", "4096", "integer")))
        .isEqualTo("work_mem = 4096");
    assertThat(PostgresConfWriter.settingLine(
        new GenericOption("application_name", "it's", "string")))
        .isEqualTo("application_name = 'it''s'");
    assertThat(PostgresConfWriter.settingLine(new GenericOption("jit", null, "bool")))
        .isEqualTo("jit");
    assertThat(PostgresConfWriter.quote("it's \\ here")).isEqualTo("'it''s \\\\ here'");
  }

  @Test
  void hbaTrustsAdminOnlyLocallyAndStandbySignal() throws Exception {
    PgHbaWriter hba = new PgHbaWriter();
    hba.write(pgdata, "cloud_admin");
    List<String> lines = Files.readAllLines(pgdata.resolve("pg_hba.conf"));
    assertThat(lines).filteredOn(l -> l.endsWith("trust"))
        .allMatch(l -> l.contains("\"cloud_admin\""))
        .noneMatch(l -> l.contains("\tall\ttrust"));
    assertThat(lines).contains("host\tall\tall\tall\tmd5", "host\treplication\tall\tall\tmd5");
    assertThatThrownBy(() -> hba.write(pgdata, "bad\"name")).hasMessageContaining("pg_hba");
    hba.writeStandbySignal(pgdata);
    assertThat(pgdata.resolve("standby.signal")).isEmptyFile();
  }

  private ComputeSpec withSettings(GenericOption... settings) throws Exception {
    Cluster c = neon.cluster();
    String json = SpecJson.write(neon);
    ComputeSpec copy = SpecJson.readSpec(json);
    Cluster cluster = new Cluster(c.clusterId(), c.name(), c.state(), c.roles(), c.databases(),
        c.postgresqlConf(), List.of(settings));
    return new ComputeSpec(copy.formatVersion(), copy.operationUuid(), copy.features(),
        copy.swapSizeBytes(), copy.diskQuotaBytes(), copy.disableLfcResizing(), cluster,
        copy.deltaOperations(), copy.skipPgCatalogUpdates(), copy.tenantId(), copy.timelineId(),
        copy.pageserverConnectionInfo(), copy.pageserverConnstring(), copy.shardStripeSize(),
        copy.projectId(), copy.branchId(), copy.endpointId(), copy.safekeepersGeneration(),
        copy.safekeeperConnstrings(), copy.mode(), copy.storageAuthToken(),
        copy.remoteExtensions(), copy.pgbouncerSettings(), copy.localProxyConfig(),
        copy.reconfigureConcurrency(), copy.dropSubscriptionsBeforeStart(),
        copy.auditLogLevel(), copy.logsExportHost(), copy.endpointStorageAddr(),
        copy.endpointStorageToken(), copy.autoprewarm(), copy.offloadLfcIntervalSeconds(),
        copy.suspendTimeoutSeconds(), copy.databricksSettings());
  }
}
