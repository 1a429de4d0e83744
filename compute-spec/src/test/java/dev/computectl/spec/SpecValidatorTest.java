package dev.computectl.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

  private static ComputeSpec spec(String extra, String cluster) throws SpecParseException {
    return SpecJson.readSpec("{\"format_version\": 1, \"suspend_timeout_seconds\": 0, \"cluster\": "
        + cluster + (extra.isEmpty() ? "" : ", " + extra) + "}");
  }

  @Test
  void reportsEveryOwnRuleProblemAtOnce() throws Exception {
    String longName = "r".repeat(32) + "é".repeat(16); // 64 bytes in UTF-8
    ComputeSpec spec = spec(
        "\"delta_operations\": [{\"action\": \"rename_role\", \"name\": \"x\"},"
            + " {\"action\": \"delete_db\", \"name\": \"y\"}]",
        "{\"roles\": [{\"name\": \"\"}, {\"name\": \"" + longName + "\"}, {\"name\": \"app\"}],"
            + " \"databases\": [{\"name\": \"a\", \"owner\": \"ghost\"},"
            + " {\"name\": \"b\", \"owner\": \"cloud_admin\"}, {\"name\": \"c\", \"owner\": \"app\"}],"
            + " \"settings\": [{\"name\": \"port\", \"value\": \"70000\", \"vartype\": \"integer\"}]}");

    List<SpecProblem> problems = SpecValidator.validate(spec, ValidationMode.VANILLA, "cloud_admin");

    assertThat(problems).extracting(SpecProblem::path).containsExactly(
        "cluster.roles[0].name", "cluster.roles[1].name", "cluster.databases[0].owner",
        "delta_operations[0].new_name", "cluster.settings[0].value");
  }

  @Test
  void ownerMustBeASpecRoleWithoutAdminRole() throws Exception {
    ComputeSpec spec = spec("", "{\"roles\": [], \"databases\": [{\"name\": \"b\", \"owner\": \"cloud_admin\"}]}");
    assertThat(SpecValidator.validate(spec, ValidationMode.VANILLA)).hasSize(1);
    assertThat(SpecValidator.validate(spec, ValidationMode.VANILLA, "cloud_admin")).isEmpty();
  }

  @Test
  void neonStorageRulesOnlyInNeonMode() throws Exception {
    ComputeSpec spec = spec("", "{\"roles\": [], \"databases\": []}");
    assertThat(SpecValidator.validate(spec, ValidationMode.VANILLA)).isEmpty();
    assertThat(SpecValidator.validate(spec, ValidationMode.NEON_STORAGE))
        .extracting(SpecProblem::message)
        .containsExactly("pageserver connection information should be provided",
            "tenant id should be provided", "timeline id should be provided",
            "safekeeper_connstrings is empty");
  }

  @Test
  void severalPageserversNeedAStripeSize() throws Exception {
    ComputeSpec spec = spec("\"pageserver_connstring\": \"ps1,ps2\", "
        + "\"tenant_id\": \"b0554b632bd4d547a63b86c3630317e8\", "
        + "\"timeline_id\": \"2414a61ffc94e428f14b5758fe308e13\", "
        + "\"safekeeper_connstrings\": [\"sk1:5454\"]", "{\"roles\": [], \"databases\": []}");
    assertThat(SpecValidator.validate(spec, ValidationMode.NEON_STORAGE))
        .containsExactly(new SpecProblem("pageserver_connstring", "2 shards but no stripe_size"));
  }

  @Test
  void legacyConnstringsBecomeShards() {
    PageserverConnectionInfo info = PageserverConnectionInfo.fromConnstrings("a,b", 2048L);
    assertThat(info.shardCount()).isEqualTo(2);
    assertThat(info.shards()).containsOnlyKeys("0002", "0102");
    assertThat(info.preferProtocol()).isEqualTo(PageserverProtocol.LIBPQ);
  }

  @Test
  void modeFromSpecNeedsPageserverAndOptIn() throws Exception {
    ComputeSpec plain = spec("", "{\"roles\": [], \"databases\": []}");
    ComputeSpec neon = spec("\"pageserver_connstring\": \"ps\"", "{\"roles\": [], \"databases\": []}");
    assertThat(ValidationMode.forSpec(plain, true)).isEqualTo(ValidationMode.VANILLA);
    assertThat(ValidationMode.forSpec(neon, false)).isEqualTo(ValidationMode.VANILLA);
    assertThat(ValidationMode.forSpec(neon, true)).isEqualTo(ValidationMode.NEON_STORAGE);
  }
}
