package dev.computectl.testkit.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.computectl.spec.ComputeMode;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.fixtures.NeonFixtures;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecBuilderTest {

  private static SpecBuilder richSpec() {
    return SpecBuilder.spec()
        .role("app", "secret")
        .roleWithEncryptedPassword("scram_user", "SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5")
        .role("nologin")
        .roleOption("app", "CONNECTION LIMIT", "5", "integer")
        .database("shop", "app")
        .databaseOption("shop", "TEMPLATE", "template0", "enum")
        .setting("work_mem", "8MB", "string")
        .setting("max_connections", "50", "integer")
        .renameRole("old_app", "app")
        .deleteDatabase("gone")
        .skipPgCatalogUpdates(true)
        .reconfigureConcurrency(4)
        .pageserverConnstring("postgresql://no_user@ps:6400");
  }

  @Test
  void defaultSpecParsesAsAValidPrimary() {
    ComputeSpec spec = SpecBuilder.spec().build();

    assertThat(spec.formatVersion()).isEqualTo(1.0);
    assertThat(spec.mode()).isEqualTo(ComputeMode.PRIMARY);
    assertThat(spec.tenantId()).matches("[0-9a-f]{32}");
    assertThat(spec.timelineId()).matches("[0-9a-f]{32}");
    assertThat(spec.safekeeperConnstrings()).isNotEmpty();
    assertThat(spec.cluster().roles()).isEmpty();
  }

  @Test
  void outputJsonParsesBackToTheSameSpec() throws Exception {
    SpecBuilder builder = richSpec();
    ComputeSpec spec = builder.build();

    assertThat(SpecJson.readSpec(builder.toJson())).isEqualTo(spec);
    assertThat(SpecJson.readSpec(SpecJson.write(spec))).isEqualTo(spec);
  }

  @Test
  void rolesDatabasesSettingsAndDeltasLandInTheModel() {
    ComputeSpec spec = richSpec().build();

    assertThat(spec.cluster().roles())
        .extracting(r -> r.name())
        .containsExactly("app", "scram_user", "nologin");
    assertThat(spec.cluster().roles().get(0).encryptedPassword())
        .isEqualTo(Passwords.md5("secret", "app"));
    assertThat(spec.cluster().roles().get(0).options()).hasSize(1);
    assertThat(spec.cluster().roles().get(2).encryptedPassword()).isNull();
    assertThat(spec.cluster().databases().get(0).owner()).isEqualTo("app");
    assertThat(spec.cluster().databases().get(0).options().get(0).value()).isEqualTo("template0");
    assertThat(spec.cluster().setting("work_mem")).contains("8MB");
    assertThat(spec.deltaOperations())
        .extracting(d -> d.action())
        .containsExactly("rename_role", "delete_db");
    assertThat(spec.skipPgCatalogUpdates()).isTrue();
    assertThat(spec.reconfigureConcurrency()).isEqualTo(4);
    assertThat(spec.pageserverConnstring()).isEqualTo("postgresql://no_user@ps:6400");
  }

  @Test
  void settingTheSameNameTwiceReplacesIt() {
    ComputeSpec spec =
        SpecBuilder.spec()
            .setting("work_mem", "1MB", "string")
            .setting("work_mem", "2MB", "string")
            .build();

    assertThat(spec.cluster().settings()).hasSize(1);
    assertThat(spec.cluster().setting("work_mem")).contains("2MB");
  }

  @Test
  void modesUseNeonsExternallyTaggedForm() {
    assertThat(SpecBuilder.spec().replica().toJsonNode().get("mode").asText()).isEqualTo("Replica");
    SpecBuilder pinned = SpecBuilder.spec().staticAt("0/169AD58");

    assertThat(pinned.toJsonNode().get("mode").toString()).isEqualTo("{\"Static\":\"0/169AD58\"}");
    assertThat(pinned.build().mode()).isEqualTo(new ComputeMode.Static(Lsn.parse("0/169AD58")));
  }

  @Test
  void extraFieldsAndRemovedFieldsReachTheJson() {
    SpecBuilder builder =
        SpecBuilder.spec().field("project_id", "p-1").field("x_unknown", true).without("tenant_id");
    ObjectNode json = builder.toJsonNode();

    assertThat(json.get("x_unknown").asBoolean()).isTrue();
    assertThat(json.has("tenant_id")).isFalse();
    assertThat(builder.build().projectId()).isEqualTo("p-1");
  }

  @Test
  void anUnparsableDocumentIsReportedByBuild() {
    SpecBuilder builder = SpecBuilder.spec().without("cluster");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cluster");
  }

  @Test
  void optionOnAnUnknownRoleNamesIt() {
    assertThatThrownBy(() -> SpecBuilder.spec().roleOption("ghost", "a", "b", "string"))
        .hasMessageContaining("ghost");
  }

  @Test
  void fromReproducesANeonFixture() throws Exception {
    String fixture = resource("compute_api-cluster_spec.json");
    JsonNode tree = SpecJson.mapper().readTree(fixture);

    assertThat(SpecBuilder.from(tree).build()).isEqualTo(SpecJson.readSpec(fixture));
    assertThat(SpecBuilder.from(SpecJson.readSpec(fixture)).build())
        .isEqualTo(SpecJson.readSpec(fixture));
  }

  @Test
  void deltaOperationsMatchTheNeonFixtureExactly() throws Exception {
    JsonNode fixture = SpecJson.mapper().readTree(resource("compute_api-cluster_spec.json"));
    JsonNode built =
        SpecBuilder.spec()
            .deleteDatabase("zenith_test")
            .renameDatabase("DB", "DB2")
            .deleteRole("zenith2")
            .renameRole("zenith new", "zenith \"new\"")
            .toJsonNode();

    assertThat(built.get("delta_operations")).isEqualTo(fixture.get("delta_operations"));
  }

  @Test
  void everyFieldNameTheBuilderWritesIsANeonName() throws Exception {
    JsonNode fixture = SpecJson.mapper().readTree(resource("compute_api-cluster_spec.json"));
    JsonNode built = richSpec().toJsonNode();

    Set<String> modelNames = new HashSet<>();
    for (RecordComponent c : ComputeSpec.class.getRecordComponents()) {
      modelNames.add(
          ComputeSpec.class
              .getDeclaredField(c.getName())
              .getAnnotation(JsonProperty.class)
              .value());
    }
    assertThat(names(built)).isSubsetOf(modelNames);
    assertThat(names(built.get("cluster"))).isSubsetOf(names(fixture.get("cluster")));
    JsonNode fixtureRole = fixture.get("cluster").get("roles").get(0);
    assertThat(names(built.get("cluster").get("roles").get(0))).isEqualTo(names(fixtureRole));
    JsonNode fixtureDb = fixture.get("cluster").get("databases").get(0);
    assertThat(names(built.get("cluster").get("databases").get(0))).isEqualTo(names(fixtureDb));
    JsonNode fixtureSetting = fixture.get("cluster").get("settings").get(0);
    assertThat(names(built.get("cluster").get("settings").get(0))).isEqualTo(names(fixtureSetting));
  }

  @Test
  void md5IsNeonsPasswordPlusRoleName() {
    // echo -n secretapp | md5sum
    assertThat(Passwords.md5("secret", "app")).isEqualTo("6a422f785c9e20873908ce25d1736ae2");
  }

  @Test
  void scramVerifierHasPostgresStoredFormatAndFreshSalt() {
    String first = Passwords.scramSha256("secret");
    String second = Passwords.scramSha256("secret");

    assertThat(first)
        .matches("SCRAM-SHA-256\\$4096:[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}");
    assertThat(first).isNotEqualTo(second);
    assertThat(
            SpecBuilder.spec()
                .scramRole("u", "secret")
                .build()
                .cluster()
                .roles()
                .get(0)
                .encryptedPassword())
        .startsWith("SCRAM-SHA-256$4096:");
  }

  static String resource(String name) throws IOException {
    return NeonFixtures.load(name);
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new HashSet<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }
}
