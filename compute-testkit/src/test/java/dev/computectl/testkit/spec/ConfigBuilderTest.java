package dev.computectl.testkit.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.api.ControlPlaneComputeStatus;
import dev.computectl.spec.api.ControlPlaneConfigResponse;
import dev.computectl.testkit.jwt.TestJwts;
import org.junit.jupiter.api.Test;

class ConfigBuilderTest {

  @Test
  void configFileCarriesSpecAndJwks() throws Exception {
    TestJwts keys = TestJwts.ed25519();
    SpecBuilder spec = SpecBuilder.spec().role("app", "pw");
    ConfigBuilder builder = ConfigBuilder.config().spec(spec).jwks(keys);

    ComputeConfig config = builder.build();

    assertThat(config.spec()).isEqualTo(spec.build());
    assertThat(config.computeCtlConfig().jwks()).isEqualTo(keys.jwks());
    assertThat(SpecJson.readConfig(builder.toConfigJson())).isEqualTo(config);
  }

  @Test
  void configWithoutSpecOmitsTheKey() {
    JsonNode json = ConfigBuilder.config().toConfigJsonNode();

    assertThat(json.has("spec")).isFalse();
    assertThat(json.get("compute_ctl_config").get("jwks").get("keys")).isEmpty();
    assertThat(ConfigBuilder.config().build().spec()).isNull();
  }

  @Test
  void controlPlaneAnswerStatusFollowsTheSpec() {
    ControlPlaneConfigResponse attached =
        ConfigBuilder.config().spec(SpecBuilder.spec()).buildControlPlaneResponse();
    ControlPlaneConfigResponse empty = ConfigBuilder.config().buildControlPlaneResponse();

    assertThat(attached.status()).isEqualTo(ControlPlaneComputeStatus.ATTACHED);
    assertThat(empty.status()).isEqualTo(ControlPlaneComputeStatus.EMPTY);
    assertThat(empty.spec()).isNull();
  }

  @Test
  void configurationRequestNeedsASpec() {
    ConfigurationRequest request =
        ConfigBuilder.config().spec(SpecBuilder.spec()).tls("/k", "/c").buildRequest();

    assertThat(request.computeCtlConfig().tls().keyPath()).isEqualTo("/k");
    assertThatThrownBy(() -> ConfigBuilder.config().buildRequest())
        .hasMessageContaining("needs a spec");
  }

  @Test
  void neonFixtureKeysMatch() throws Exception {
    JsonNode fixture =
        SpecJson.mapper()
            .readTree(SpecBuilderTest.resource("docker-compose-compute_wrapper-config.json"));
    JsonNode built =
        ConfigBuilder.config().spec(SpecBuilder.spec()).jwks(TestJwts.ed25519()).toConfigJsonNode();

    assertThat(built.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrderElementsOf(() -> fixture.fieldNames());
    JsonNode fixtureKey = fixture.get("compute_ctl_config").get("jwks").get("keys").get(0);
    JsonNode builtKey = built.get("compute_ctl_config").get("jwks").get("keys").get(0);
    assertThat(builtKey.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrderElementsOf(() -> fixtureKey.fieldNames());
  }
}
