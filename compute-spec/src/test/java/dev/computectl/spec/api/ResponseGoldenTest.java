package dev.computectl.spec.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.Database;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.Role;
import dev.computectl.spec.SpecJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseGoldenTest {

  @Test
  void statusResponseWritesAllSixKeysWithNulls() {
    ComputeStatusResponse r = new ComputeStatusResponse(
        Instant.parse("2025-04-01T08:00:00.25Z"), null, null,
        ComputeStatus.CONFIGURATION_PENDING, null, null);
    assertThat(SpecJson.write(r)).isEqualTo("{\"start_time\":\"2025-04-01T08:00:00.250Z\","
        + "\"tenant\":null,\"timeline\":null,\"status\":\"configuration_pending\","
        + "\"last_active\":null,\"error\":null}");
  }

  @Test
  void bothTimestampsUseOneFormat() {
    ComputeStatusResponse r = new ComputeStatusResponse(Instant.parse("2025-04-01T08:00:00Z"),
        "a1b2c3d4e5f60718293a4b5c6d7e8f90", "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        ComputeStatus.RUNNING, Instant.parse("2025-04-01T08:05:12.123456Z"), null);
    assertThat(SpecJson.write(r))
        .contains("\"start_time\":\"2025-04-01T08:00:00.000Z\"")
        .contains("\"last_active\":\"2025-04-01T08:05:12.123Z\"");
  }

  @Test
  void metricsWriteThirteenFields() {
    assertThat(SpecJson.write(ComputeMetrics.ZERO)).isEqualTo("{\"wait_for_spec_ms\":0,"
        + "\"sync_sk_check_ms\":0,\"sync_safekeepers_ms\":0,\"pageserver_connect_micros\":0,"
        + "\"basebackup_ms\":0,\"basebackup_bytes\":0,\"start_postgres_ms\":0,\"config_ms\":0,"
        + "\"total_startup_ms\":0,\"load_ext_ms\":0,\"num_ext_downloaded\":0,"
        + "\"largest_ext_size\":0,\"total_ext_download_size\":0}");
  }

  @Test
  void terminateResponse() {
    assertThat(SpecJson.write(new TerminateResponse(Lsn.parse("0/1a2b3c8"))))
        .isEqualTo("{\"lsn\":\"0/1A2B3C8\"}");
    assertThat(SpecJson.write(new TerminateResponse(null))).isEqualTo("{\"lsn\":null}");
  }

  @Test
  void catalogObjectsWriteRestrictConnAndInvalid() {
    CatalogObjects c = new CatalogObjects(List.of(new Role("app", null)),
        List.of(new Database("shop", "app", null, true, false)));
    assertThat(SpecJson.write(c)).isEqualTo("{\"roles\":[{\"name\":\"app\"}],"
        + "\"databases\":[{\"name\":\"shop\",\"owner\":\"app\",\"restrict_conn\":true,"
        + "\"invalid\":false}]}");
  }

  @Test
  void smallBodies() throws Exception {
    assertThat(SpecJson.write(new ErrorResponse("boom"))).isEqualTo("{\"error\":\"boom\"}");
    assertThat(SpecJson.write(new ExtensionInstallResponse("pg_trgm", "1.6")))
        .isEqualTo("{\"extension\":\"pg_trgm\",\"version\":\"1.6\"}");
    SetRoleGrantsRequest grants = SpecJson.read("{\"database\":\"d\",\"schema\":\"s\","
        + "\"privileges\":[\"SELECT\",\"USAGE\"],\"role\":\"r\"}", SetRoleGrantsRequest.class);
    assertThat(grants.privileges()).containsExactly(Privilege.SELECT, Privilege.USAGE);
    assertThat(SpecJson.write(grants)).isEqualTo("{\"database\":\"d\",\"schema\":\"s\","
        + "\"privileges\":[\"SELECT\",\"USAGE\"],\"role\":\"r\"}");
    assertThat(SpecJson.read("{\"extension\":\"e\",\"database\":\"d\",\"version\":\"1\"}",
        ExtensionInstallRequest.class)).isEqualTo(new ExtensionInstallRequest("e", "d", "1"));
  }

  @Test
  void lfcStatesAreNeonsStatusTags() throws Exception {
    assertThat(SpecJson.write(LfcState.NOT_PREWARMED)).isEqualTo("{\"status\":\"not_prewarmed\"}");
    assertThat(SpecJson.write(LfcState.NOT_OFFLOADED)).isEqualTo("{\"status\":\"not_offloaded\"}");
    // A Neon answer with more fields (a completed prewarm) still reads as its status.
    assertThat(SpecJson.read("{\"status\":\"completed\",\"total\":3}", LfcState.class))
        .isEqualTo(new LfcState("completed"));
    assertThat(SpecJson.read("{\"status\":\"skipped\"}", LfcState.class))
        .isEqualTo(LfcState.SKIPPED);
  }

  @Test
  void databaseFlagsAreNotReadFromInput() throws Exception {
    Database db = SpecJson.read("{\"name\":\"d\",\"owner\":\"o\",\"restrict_conn\":true,"
        + "\"invalid\":true}", Database.class);
    assertThat(db.restrictConn()).isFalse();
    assertThat(db.invalid()).isFalse();
  }
}
