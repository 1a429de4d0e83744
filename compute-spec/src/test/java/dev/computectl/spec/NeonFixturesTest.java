package dev.computectl.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.fixtures.NeonFixtures;
import org.junit.jupiter.api.Test;

class NeonFixturesTest {

  @Test
  void computeApiSpecParsesWithDefaults() throws Exception {
    ComputeSpec spec = SpecJson.readSpec(NeonFixtures.load(NeonFixtures.API_SPEC));

    assertThat(spec.features()).isEmpty();
    assertThat(spec.reconfigureConcurrency()).isEqualTo(1);
    assertThat(spec.mode()).isEqualTo(ComputeMode.PRIMARY);
    assertThat(spec.auditLogLevel()).isEqualTo(ComputeAudit.Disabled);
    assertThat(spec.suspendTimeoutSeconds()).isEqualTo(3600);
    assertThat(spec.cluster().roles()).extracting(Role::name).contains("zenith \"new\"", "MyRole");
    assertThat(spec.remoteExtensions().isAllowed("postgis")).isTrue();
    assertThat(spec.pgbouncerSettings()).containsKeys("default_pool_size", "pool_mode");
  }

  @Test
  void computeToolsSpecFailsNeonValidationNamingTheDuplicate() throws Exception {
    ComputeSpec spec = SpecJson.readSpec(NeonFixtures.load(NeonFixtures.TOOLS_SPEC));

    assertThat(SpecValidator.validate(spec, ValidationMode.NEON_STORAGE))
        .extracting(SpecProblem::message)
        .containsExactly("duplicate entry in safekeeper_connstrings: 127.0.0.1:6502!");
    assertThat(SpecValidator.validate(spec, ValidationMode.VANILLA)).isEmpty();
  }

  @Test
  void computeApiSpecPassesNeonValidation() throws Exception {
    ComputeSpec spec = SpecJson.readSpec(NeonFixtures.load(NeonFixtures.API_SPEC));

    assertThat(SpecValidator.validate(spec, ValidationMode.NEON_STORAGE)).isEmpty();
    assertThat(PageserverConnectionInfo.resolve(spec)).get()
        .satisfies(info -> assertThat(info.shards()).containsOnlyKeys("0000"));
  }

  @Test
  void composeConfigParsesButItsPlaceholdersFailNeonValidation() throws Exception {
    ComputeConfig config = SpecJson.readConfig(NeonFixtures.load(NeonFixtures.COMPOSE_CONFIG));

    assertThat(config.computeCtlConfig().jwks().path("keys")).hasSize(1);
    assertThat(config.spec().effectiveTenantId()).contains("TENANT_ID");
    assertThat(SpecValidator.validate(config.spec(), ValidationMode.NEON_STORAGE))
        .extracting(SpecProblem::message)
        .containsExactlyInAnyOrder(
            "invalid tenant id 'TENANT_ID': expected 32 hex characters",
            "invalid timeline id 'TIMELINE_ID': expected 32 hex characters");
    assertThat(SpecValidator.validate(config.spec(), ValidationMode.VANILLA)).isEmpty();
  }

  @Test
  void everyFixtureSurvivesWriteThenRead() throws Exception {
    ComputeSpec api = SpecJson.readSpec(NeonFixtures.load(NeonFixtures.API_SPEC));
    ComputeSpec tools = SpecJson.readSpec(NeonFixtures.load(NeonFixtures.TOOLS_SPEC));
    ComputeConfig compose = SpecJson.readConfig(NeonFixtures.load(NeonFixtures.COMPOSE_CONFIG));

    assertThat(SpecJson.readSpec(SpecJson.write(api))).isEqualTo(api);
    assertThat(SpecJson.readSpec(SpecJson.write(tools))).isEqualTo(tools);
    assertThat(SpecJson.readConfig(SpecJson.write(compose))).isEqualTo(compose);
  }
}
