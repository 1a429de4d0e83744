package dev.computectl.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecJsonRulesTest {

  private static final String MINIMAL =
      "{\"format_version\": 1.0, \"suspend_timeout_seconds\": -1,"
          + " \"cluster\": {\"roles\": [], \"databases\": []}";

  private static ComputeSpec spec(String extra) throws SpecParseException {
    return SpecJson.readSpec(MINIMAL + (extra.isEmpty() ? "" : ", " + extra) + "}");
  }

  private static SpecParseException failure(String extra) {
    try {
      spec(extra);
    } catch (SpecParseException e) {
      return e;
    }
    throw new AssertionError("expected a parse failure for " + extra);
  }

  @Test
  void minimalSpecGetsDefaults() throws Exception {
    ComputeSpec spec = spec("");
    assertThat(spec.features()).isEmpty();
    assertThat(spec.mode()).isEqualTo(ComputeMode.PRIMARY);
    assertThat(spec.reconfigureConcurrency()).isEqualTo(1);
    assertThat(spec.skipPgCatalogUpdates()).isFalse();
    assertThat(spec.safekeeperConnstrings()).isEmpty();
    assertThat(spec.localProxyConfig()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"features", "mode", "skip_pg_catalog_updates", "reconfigure_concurrency",
      "audit_log_level", "safekeeper_connstrings", "autoprewarm", "drop_subscriptions_before_start"})
  void nullForAFieldWithADefaultIsAnError(String field) {
    assertThat(failure("\"" + field + "\": null").path()).isEqualTo(field);
  }

  @Test
  void nullForAnOptionalFieldMeansAbsent() throws Exception {
    ComputeSpec spec = spec("\"tenant_id\": null, \"delta_operations\": null,"
        + " \"local_proxy_config\": null, \"pageserver_connection_info\": null");
    assertThat(spec.tenantId()).isNull();
    assertThat(spec.deltaOperations()).isNull();
  }

  @Test
  void duplicateKeyIsAnError() {
    SpecParseException e = failure("\"mode\": \"Primary\", \"mode\": \"Replica\"");
    assertThat(e.problem()).startsWith("the key 'mode' appears twice in one object");
  }

  @Test
  void missingRequiredFieldNamesItsPath() {
    String json = MINIMAL.replace("\"roles\": []",
        "\"roles\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {\"name\": \"c\"}, {\"options\": null}]")
        + "}";
    assertThatThrownBy(() -> SpecJson.readSpec(json))
        .isInstanceOfSatisfying(SpecParseException.class,
            e -> assertThat(e.path()).isEqualTo("cluster.roles[3].name"))
        .hasMessageContaining("cluster.roles[3].name");
  }

  @Test
  void nullRequiredFieldNamesItsPath() {
    String json = MINIMAL.replace("\"databases\": []",
        "\"databases\": [{\"name\": \"d\", \"owner\": null}]") + "}";
    assertThatThrownBy(() -> SpecJson.readSpec(json))
        .isInstanceOfSatisfying(SpecParseException.class,
            e -> assertThat(e.path()).isEqualTo("cluster.databases[0].owner"));
  }

  @Test
  void missingTopLevelRequiredField() {
    assertThatThrownBy(() -> SpecJson.readSpec("{\"format_version\": 1, \"cluster\": "
            + "{\"roles\": [], \"databases\": []}}"))
        .isInstanceOfSatisfying(SpecParseException.class,
            e -> assertThat(e.path()).isEqualTo("suspend_timeout_seconds"));
  }

  @Test
  void noConversionBetweenStringsAndNumbers() {
    String option = "\"cluster\": {\"roles\": [], \"databases\": [], \"settings\": "
        + "[{\"name\": \"port\", \"value\": 5432, \"vartype\": \"integer\"}]}";
    assertThatThrownBy(() -> SpecJson.readSpec("{\"format_version\": 1, "
            + "\"suspend_timeout_seconds\": 1, " + option + "}"))
        .isInstanceOfSatisfying(SpecParseException.class,
            e -> assertThat(e.path()).isEqualTo("cluster.settings[0].value"));
    assertThat(failure("\"reconfigure_concurrency\": \"2\"").path())
        .isEqualTo("reconfigure_concurrency");
    assertThat(failure("\"skip_pg_catalog_updates\": 1").path())
        .isEqualTo("skip_pg_catalog_updates");
    assertThat(failure("\"reconfigure_concurrency\": 1.5").path())
        .isEqualTo("reconfigure_concurrency");
  }

  @Test
  void unsignedFieldsRejectNegatives() {
    assertThat(failure("\"swap_size_bytes\": -1").path()).isEqualTo("swap_size_bytes");
    assertThat(failure("\"reconfigure_concurrency\": -3").path())
        .isEqualTo("reconfigure_concurrency");
    assertThat(failure("\"offload_lfc_interval_seconds\": 0").path())
        .isEqualTo("offload_lfc_interval_seconds");
  }

  @Test
  void formatVersionAcceptsIntegerOrDecimal() throws Exception {
    assertThat(SpecJson.readSpec(MINIMAL.replace("1.0", "2") + "}").formatVersion()).isEqualTo(2.0);
    assertThat(SpecJson.readSpec(MINIMAL.replace("1.0", "1.5") + "}").formatVersion())
        .isEqualTo(1.5);
  }

  @Test
  void unknownFieldsAreIgnoredAndUnknownFeatureIsKept() throws Exception {
    ComputeSpec spec = spec("\"timestamp\": \"x\", \"features\": [\"tls_experimental\", \"warp\"]");
    assertThat(spec.features())
        .containsExactly(ComputeFeature.TLS_EXPERIMENTAL, ComputeFeature.UNKNOWN_FEATURE);
    assertThat(failure("\"features\": [1]").path()).isEqualTo("features[0]");
  }

  @Test
  void computeModeForms() throws Exception {
    assertThat(spec("\"mode\": \"Replica\"").mode()).isEqualTo(ComputeMode.REPLICA);
    assertThat(spec("\"mode\": {\"Primary\": null}").mode()).isEqualTo(ComputeMode.PRIMARY);
    assertThat(spec("\"mode\": {\"Replica\": null}").mode()).isEqualTo(ComputeMode.REPLICA);
    ComputeMode stat = spec("\"mode\": {\"Static\": \"0/169AD58\"}").mode();
    assertThat(stat).isEqualTo(new ComputeMode.Static(Lsn.parse("0/169AD58")));
    assertThat(SpecJson.write(stat)).isEqualTo("{\"Static\":\"0/169AD58\"}");
    assertThat(SpecJson.write(ComputeMode.PRIMARY)).isEqualTo("\"Primary\"");
    assertThat(failure("\"mode\": \"Standby\"").path()).isEqualTo("mode");
    assertThat(failure("\"mode\": {\"Static\": 5}").path()).isEqualTo("mode");
    assertThat(failure("\"mode\": {\"Static\": \"0/1\", \"Replica\": null}").path())
        .isEqualTo("mode");
  }

  @Test
  void idsAreLowerCasedAndCheckedAtParse() throws Exception {
    assertThat(spec("\"tenant_id\": \"B0554B632BD4D547A63B86C3630317E8\"").tenantId())
        .isEqualTo("b0554b632bd4d547a63b86c3630317e8");
    assertThat(failure("\"timeline_id\": \"xyz\"").path()).isEqualTo("timeline_id");
  }

  @Test
  void syntaxErrorsAndTrailingGarbageAreParseErrors() {
    assertThatThrownBy(() -> SpecJson.readSpec("{\"format_version\": ")).isInstanceOf(
        SpecParseException.class);
    assertThatThrownBy(() -> SpecJson.readSpec(MINIMAL + "} {}")).isInstanceOf(
        SpecParseException.class);
    assertThatThrownBy(() -> SpecJson.readSpec("")).isInstanceOf(SpecParseException.class);
    assertThatThrownBy(() -> SpecJson.readSpec("null")).isInstanceOf(SpecParseException.class);
  }

  @Test
  void controlPlaneAttachedWithoutSpecIsAnError() {
    assertThatThrownBy(() -> SpecJson.readControlPlaneResponse("{\"status\": \"attached\","
            + " \"compute_ctl_config\": {\"jwks\": {\"keys\": []}}}"))
        .isInstanceOfSatisfying(SpecParseException.class,
            e -> assertThat(e.path()).isEqualTo("spec"));
  }

  @Test
  void localProxyJwtRolesAreTheUnion() throws Exception {
    ComputeSpec spec = spec("\"local_proxy_config\": {\"jwks\": ["
        + "{\"id\": \"1\", \"jwks_url\": \"u\", \"provider_name\": \"p\", \"role_names\": [\"a\", \"b\"]},"
        + "{\"id\": \"2\", \"jwks_url\": \"u\", \"provider_name\": \"p\", \"role_names\": [\"b\", \"c\"]}]}");
    assertThat(spec.jwtRoles()).containsExactly("a", "b", "c");
    assertThat(SpecJson.write(spec.localProxyConfig())).doesNotContain("tls");
  }
}
