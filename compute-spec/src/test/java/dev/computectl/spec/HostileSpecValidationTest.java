package dev.computectl.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.fixtures.NeonFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The validation rules against the inputs of issue #17 (a hostile tester's findings). */
class HostileSpecValidationTest {

  private static final String ADMIN = "cloud_admin";

  private static ComputeSpec spec(String cluster, String extra) throws SpecParseException {
    return SpecJson.readSpec("{\"format_version\": 1, \"suspend_timeout_seconds\": 0, \"cluster\": "
        + cluster + (extra.isEmpty() ? "" : ", " + extra) + "}");
  }

  private static List<SpecProblem> problems(String cluster) throws SpecParseException {
    return problems(cluster, "");
  }

  private static List<SpecProblem> problems(String cluster, String extra)
      throws SpecParseException {
    return SpecValidator.validate(spec(cluster, extra), ValidationMode.VANILLA, ADMIN);
  }

  private static String roles(String rolesJson) {
    return "{\"roles\": " + rolesJson + ", \"databases\": []}";
  }

  private static String setting(String name, String valueJson, String vartype) {
    return "{\"roles\": [], \"databases\": [], \"settings\": [{\"name\": \"" + name
        + "\", \"value\": " + valueJson + ", \"vartype\": \"" + vartype + "\"}]}";
  }

  private static String roleOption(String name, String valueJson, String vartype) {
    return roles("[{\"name\": \"app\", \"options\": [{\"name\": \"" + name + "\", \"value\": "
        + valueJson + ", \"vartype\": \"" + vartype + "\"}]}]");
  }

  @Test
  void neonFixturesStillValidate() throws Exception {
    assertThat(SpecValidator.validate(SpecJson.readSpec(NeonFixtures.load(NeonFixtures.API_SPEC)),
        ValidationMode.VANILLA, ADMIN)).isEmpty();
    assertThat(SpecValidator.validate(SpecJson.readSpec(NeonFixtures.load(NeonFixtures.TOOLS_SPEC)),
        ValidationMode.VANILLA, ADMIN)).isEmpty();
    assertThat(SpecValidator.validate(
        SpecJson.readConfig(NeonFixtures.load(NeonFixtures.COMPOSE_CONFIG)).spec(),
        ValidationMode.VANILLA, ADMIN)).isEmpty();
  }

  @Test
  void loneSurrogateInANameIsRefusedWithItsPosition() throws Exception {
    assertThat(problems(roles("[{\"name\": \"shop\\ud800app\"}]")))
        .singleElement()
        .satisfies(p -> {
          assertThat(p.path()).isEqualTo("cluster.roles[0].name");
          assertThat(p.message()).contains("unpaired surrogate").contains("position 4");
        });
    // A proper pair is fine.
    assertThat(problems(roles("[{\"name\": \"shop\\ud83d\\ude00app\"}]"))).isEmpty();
  }

  @Test
  void nulInNamesAndPasswordsIsRefused() throws Exception {
    assertThat(problems("{\"roles\": [{\"name\": \"a\\u0000b\", \"encrypted_password\": \"x\\u0000\"},"
        + " {\"name\": \"o\"}], \"databases\": [{\"name\": \"d\\u0000\", \"owner\": \"o\"}]}"))
        .extracting(SpecProblem::path)
        .containsExactly("cluster.roles[0].name", "cluster.roles[0].encrypted_password",
            "cluster.databases[0].name");
  }

  @Test
  void passwordsAreNeverQuoted() throws Exception {
    assertThat(problems(roles("[{\"name\": \"a\", \"encrypted_password\": \"secret\\n\"}]")))
        .singleElement().extracting(SpecProblem::message).asString().doesNotContain("secret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"5432 \"", "\" 5432\"", "\"+1\"", "null", "\"0\"", "\"65536\"",
      "\"05432\"", "\"1e3\""})
  void badPortsAreRefused(String value) throws Exception {
    assertThat(problems(setting("port", value, "integer")))
        .extracting(SpecProblem::path).containsExactly("cluster.settings[0].value");
  }

  @Test
  void aSettingListedTwiceIsRefused() throws Exception {
    assertThat(problems("{\"roles\": [], \"databases\": [], \"settings\": ["
        + "{\"name\": \"port\", \"value\": \"55432\", \"vartype\": \"integer\"},"
        + "{\"name\": \"port\", \"value\": \"5432 \", \"vartype\": \"integer\"}]}"))
        .extracting(SpecProblem::path).contains("cluster.settings[1].name");
  }

  @Test
  void goodPortPasses() throws Exception {
    ComputeSpec spec = spec(setting("port", "\"55432\"", "integer"), "");
    assertThat(SpecValidator.validate(spec, ValidationMode.VANILLA, ADMIN)).isEmpty();
    assertThat(SpecValidator.port(spec)).contains(55432);
  }

  @Test
  void renameToALongerNameThan63BytesIsRefused() throws Exception {
    String name = "n".repeat(64);
    assertThat(problems(roles("[]"), "\"delta_operations\": ["
        + "{\"action\": \"rename_role\", \"name\": \"a\", \"new_name\": \"" + name + "\"},"
        + "{\"action\": \"rename_db\", \"name\": \"b\", \"new_name\": \"" + name + "\"}]"))
        .extracting(SpecProblem::path)
        .containsExactly("delta_operations[0].new_name", "delta_operations[1].new_name");
  }

  @Test
  void duplicatesAreRefused() throws Exception {
    assertThat(problems("{\"roles\": [{\"name\": \"a\"}, {\"name\": \"a\"}], \"databases\": ["
        + "{\"name\": \"d\", \"owner\": \"a\"}, {\"name\": \"d\", \"owner\": \"a\"}]}"))
        .extracting(SpecProblem::toString)
        .containsExactly("cluster.roles[1].name: role 'a' is listed twice (also cluster.roles[0])",
            "cluster.databases[1].name: database 'd' is listed twice (also cluster.databases[0])");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "template0", "template1"})
  void systemDatabasesAreRefused(String name) throws Exception {
    assertThat(problems("{\"roles\": [{\"name\": \"a\"}], \"databases\": ["
        + "{\"name\": \"" + name + "\", \"owner\": \"a\"}]}"))
        .singleElement().extracting(SpecProblem::message).asString()
        .contains("system database");
    assertThat(problems(roles("[]"), "\"delta_operations\": ["
        + "{\"action\": \"delete_db\", \"name\": \"" + name + "\"},"
        + "{\"action\": \"rename_db\", \"name\": \"x\", \"new_name\": \"" + name + "\"}]"))
        .extracting(SpecProblem::path)
        .containsExactly("delta_operations[0].name", "delta_operations[1].new_name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pg_monitor", "pg_anything", "public", "PUBLIC", "none",
      "current_user", "session_user", "current_role", "neon_superuser"})
  void reservedRolesAreRefused(String name) throws Exception {
    assertThat(problems(roles("[{\"name\": \"" + name + "\"}]")))
        .singleElement().extracting(SpecProblem::message).asString().contains("reserved");
  }

  @Test
  void theAdminRoleMayBeListedButNotDeletedOrRenamed() throws Exception {
    assertThat(problems(roles("[{\"name\": \"cloud_admin\"}]"))).isEmpty();
    assertThat(problems(roles("[]"), "\"delta_operations\": ["
        + "{\"action\": \"delete_role\", \"name\": \"cloud_admin\"},"
        + "{\"action\": \"rename_role\", \"name\": \"cloud_admin\", \"new_name\": \"x\"},"
        + "{\"action\": \"rename_role\", \"name\": \"y\", \"new_name\": \"pg_y\"}]"))
        .extracting(SpecProblem::path)
        .containsExactly("delta_operations[0].name", "delta_operations[1].name",
            "delta_operations[2].new_name");
  }

  @Test
  void roleOptionValuesAreCheckedAgainstTheirVartype() throws Exception {
    assertThat(problems(roleOption("CONNECTION LIMIT", "\"1; CREATE ROLE injected_by_option\"",
        "integer"))).extracting(SpecProblem::path).containsExactly("cluster.roles[0].options[0].value");
    assertThat(problems(roleOption("CONNECTION LIMIT", "\"1 SUPERUSER\"", "integer")))
        .extracting(SpecProblem::path).containsExactly("cluster.roles[0].options[0].value");
    assertThat(problems(roleOption("CONNECTION LIMIT", "\"5\"", "string")))
        .extracting(SpecProblem::path).containsExactly("cluster.roles[0].options[0].vartype");
    assertThat(problems(roleOption("CONNECTION LIMIT", "\"-1\"", "integer"))).isEmpty();
    assertThat(problems(roleOption("valid until", "\"2030-01-01\"", "string"))).isEmpty();
    assertThat(problems(roleOption("NOINHERIT", "null", "bool"))).isEmpty();
    assertThat(problems(roleOption("LOGIN", "\"true; DROP TABLE x\"", "bool")))
        .extracting(SpecProblem::path).containsExactly("cluster.roles[0].options[0].value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SUPERUSER", "superuser", "REPLICATION", "BYPASSRLS"})
  void roleOptionsThatGrantPowerAreRefused(String name) throws Exception {
    assertThat(problems(roleOption(name, "null", "bool")))
        .singleElement().extracting(SpecProblem::message).asString().contains("refused");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SUPERUSER; CREATE ROLE x", "PASSWORD", "IN ROLE", "CONNECTION  LIMIT",
      "ADMIN"})
  void unknownRoleOptionNamesAreRefused(String name) throws Exception {
    assertThat(problems(roleOption(name, "null", "bool")))
        .extracting(SpecProblem::path).containsExactly("cluster.roles[0].options[0].name");
  }

  @Test
  void databaseOptionsAreChecked() throws Exception {
    String db = "{\"roles\": [{\"name\": \"a\"}], \"databases\": [{\"name\": \"d\", \"owner\": \"a\","
        + " \"options\": [%s]}]}";
    assertThat(problems(String.format(db,
        "{\"name\": \"TEMPLATE\", \"value\": \"template0 OWNER a--\", \"vartype\": \"enum\"},"
            + "{\"name\": \"OWNER\", \"value\": \"a\", \"vartype\": \"string\"},"
            + "{\"name\": \"TEMPLATE\", \"value\": null, \"vartype\": \"enum\"},"
            + "{\"name\": \"LC_COLLATE\", \"value\": \"C\", \"vartype\": \"string\"},"
            + "{\"name\": \"CONNECTION LIMIT\", \"value\": \"10\", \"vartype\": \"integer\"}")))
        .extracting(SpecProblem::path)
        .containsExactly("cluster.databases[0].options[0].value",
            "cluster.databases[0].options[1].name", "cluster.databases[0].options[2].value");
  }

  @Test
  void settingValuesAreCheckedAgainstTheirVartype() throws Exception {
    assertThat(problems(setting("work_mem", "\"4096\\nstatement_timeout = 12345\"", "integer")))
        .singleElement().extracting(SpecProblem::message).asString()
        .contains("control character \\u000a");
    assertThat(problems(setting("application_name", "\"a\\nb\"", "string"))).hasSize(1);
    assertThat(problems(setting("fsync", "\"off # comment\"", "bool"))).hasSize(1);
    assertThat(problems(setting("wal_level", "\"logical' x\"", "enum"))).hasSize(1);
    // An unknown vartype is a warning (SpecWarningsTest); its value is written unquoted, so it
    // must be a number or a word.
    assertThat(problems(setting("work_mem", "\"1\"", "text"))).isEmpty();
    assertThat(problems(setting("work_mem", "\"1; x\"", "text"))).singleElement()
        .extracting(SpecProblem::path).isEqualTo("cluster.settings[0].value");
    assertThat(problems(setting("bad name", "\"1\"", "integer"))).extracting(SpecProblem::path)
        .containsExactly("cluster.settings[0].name");
    assertThat(problems(setting("jit", "null", "bool"))).hasSize(1);
    for (String[] ok : new String[][] {{"work_mem", "64MB", "integer"}, {"fsync", "off", "bool"},
        {"password_encryption", "scram-sha-256", "enum"}, {"random_page_cost", "1.5", "real"},
        {"neon.x", "it's a \\\\ string", "string"}}) {
      assertThat(problems(setting(ok[0], "\"" + ok[1] + "\"", ok[2]))).as(ok[0]).isEmpty();
    }
  }

  @Test
  void messagesQuoteABoundedPrefix() throws Exception {
    String huge = "r".repeat(10 * 1024 * 1024);
    List<SpecProblem> problems = problems(roles("[{\"name\": \"" + huge + "\"}]"));
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.message()).hasSizeLessThan(200).contains("r".repeat(64) + "…'");
    });
    assertThat(SpecValidator.shown("a\nb")).isEqualTo("'a\\u000ab'");
  }
}
