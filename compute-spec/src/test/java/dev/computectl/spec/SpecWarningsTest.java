package dev.computectl.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.spec.fixtures.NeonFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What is accepted but reported: unknown fields at any level and unknown vartypes are warnings
 * (Neon's parser ignores the one and renders the other unquoted), an unsupported format_version
 * is an error.
 */
class SpecWarningsTest {

  private static final String SPEC = "{\"format_version\": 1.0, \"suspend_timeout_seconds\": 0,"
      + " %s \"cluster\": {\"roles\": [{\"name\": \"a\", \"colour\": \"red\"}], \"databases\": [],"
      + " \"settings\": [{\"name\": \"work_mem\", \"value\": \"4MB\", \"vartype\": \"bogus\"}]}}";

  private static List<SpecProblem> warnings(String json) throws SpecParseException {
    return SpecJson.readWithWarnings(json, ComputeSpec.class).warnings();
  }

  @Test
  void unknownFieldsAtAnyLevelAndUnknownVartypesAreWarnings() throws Exception {
    String json = String.format(SPEC, "\"surprise\": {\"deep\": [1, 2]},");
    assertThat(warnings(json)).extracting(SpecProblem::toString).containsExactlyInAnyOrder(
        "surprise: unknown field, ignored",
        "cluster.roles[0].colour: unknown field, ignored",
        "cluster.settings[0].vartype: unknown vartype 'bogus' (known: bool, enum, integer, real,"
            + " string); the value is written unquoted, like a non-string value");
    ComputeSpec spec = SpecJson.readSpec(json);
    assertThat(SpecValidator.validate(spec, ValidationMode.VANILLA)).isEmpty();
    assertThat(spec.cluster().roles()).extracting(Role::name).containsExactly("a");
  }

  @Test
  void warningsOfAWrappedSpecCarryItsPath() throws Exception {
    String json = "{\"spec\": " + String.format(SPEC, "") + ", \"extra\": 1,"
        + " \"compute_ctl_config\": {\"jwks\": {\"keys\": []}, \"jwks_url\": \"x\"}}";
    assertThat(SpecJson.readWithWarnings(json, ConfigurationRequest.class).warnings())
        .extracting(SpecProblem::path)
        .containsExactlyInAnyOrder("spec.cluster.roles[0].colour", "extra",
            "compute_ctl_config.jwks_url", "spec.cluster.settings[0].vartype");
  }

  @Test
  void aCleanSpecHasNoWarnings() throws Exception {
    assertThat(warnings(String.format(SPEC, "").replace(", \"colour\": \"red\"", "")
        .replace("bogus", "integer"))).isEmpty();
  }

  @Test
  void neonFixturesGiveNoWarnings() throws Exception {
    // Their only field the model has no component for is the control plane's "timestamp".
    assertThat(warnings(NeonFixtures.load(NeonFixtures.API_SPEC))).isEmpty();
    assertThat(warnings(NeonFixtures.load(NeonFixtures.TOOLS_SPEC))).isEmpty();
    assertThat(SpecJson.readWithWarnings(NeonFixtures.load(NeonFixtures.COMPOSE_CONFIG),
        ComputeConfig.class).warnings()).isEmpty();
  }

  @Test
  void whatThisModelWritesReadsBackWithoutWarnings() throws Exception {
    String json = String.format(SPEC, "").replace("bogus", "string").replace(
        "\"cluster\":", "\"delta_operations\": [{\"action\": \"rename_role\", \"name\": \"a\","
            + " \"new_name\": \"b\"}], \"cluster\":");
    ComputeSpec spec = SpecJson.readSpec(json);
    assertThat(warnings(SpecJson.write(spec))).isEmpty();
    for (String fixture : List.of(NeonFixtures.API_SPEC, NeonFixtures.TOOLS_SPEC)) {
      assertThat(warnings(SpecJson.write(SpecJson.readSpec(NeonFixtures.load(fixture)))))
          .as(fixture).isEmpty();
    }
  }

  @Test
  void anUnsupportedFormatVersionIsAnErrorNamingTheSupportedOne() throws Exception {
    String json = String.format(SPEC, "").replace("1.0", "2.0");
    assertThat(SpecValidator.validate(SpecJson.readSpec(json), ValidationMode.VANILLA))
        .extracting(SpecProblem::toString).containsExactly("format_version: format_version 2.0"
            + " is not supported; this compute_ctl reads format_version 1.0");
    assertThat(SpecValidator.validate(SpecJson.readSpec(json.replace("2.0", "1.5")),
        ValidationMode.VANILLA)).extracting(SpecProblem::message)
        .containsExactly("format_version 1.5 is not supported; this compute_ctl reads"
            + " format_version 1.0");
    assertThat(SpecValidator.validate(SpecJson.readSpec(json.replace("2.0", "1")),
        ValidationMode.VANILLA)).isEmpty();
  }
}
