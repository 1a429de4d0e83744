package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.api.CatalogObjects;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.client.ComputeHttpException;
import dev.computectl.testkit.client.RawResponse;
import dev.computectl.testkit.spec.ConfigBuilder;
import dev.computectl.testkit.spec.SpecBuilder;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #7, bad specs over HTTP: every broken {@code /configure} body gets a 4xx whose message
 * names the problem (with its JSON path where there is one), and the compute neither changes its
 * status nor touches the catalog. One running compute serves every case.
 */
class ScenarioBadInputIT {

  private static TestCompute compute;
  private static CatalogObjects catalogBefore;

  @BeforeAll
  static void start() {
    compute = TestCompute.builder().spec(shop()).start().awaitRunning();
    catalogBefore = compute.client().dbsAndRoles();
  }

  @AfterAll
  static void stop() {
    if (compute != null) {
      compute.close();
    }
  }

  private static SpecBuilder shop() {
    return SpecBuilder.spec().role("app", "app-pw").database("shop", "app");
  }

  /** A valid /configure body that also adds a role and a database, then broken by {@code edit}. */
  private static String request(Consumer<ObjectNode> edit) {
    SpecBuilder spec = shop().role("intruder", "pw").database("loot", "intruder");
    String json =
        ConfigBuilder.config().spec(spec).jwks(compute.keys()).toConfigurationRequestJson();
    try {
      ObjectNode root = (ObjectNode) SpecJson.mapper().readTree(json);
      edit.accept(root);
      return root.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode spec(ObjectNode request) {
    return (ObjectNode) request.get("spec");
  }

  private static ObjectNode cluster(ObjectNode request) {
    return (ObjectNode) spec(request).get("cluster");
  }

  private static ObjectNode firstRole(ObjectNode request) {
    return (ObjectNode) cluster(request).get("roles").get(0);
  }

  /** 10 MiB of printable noise: far from JSON, below the 64 MiB body limit. */
  private static String garbage() {
    Random random = new Random(7);
    StringBuilder out = new StringBuilder(10 * 1024 * 1024);
    while (out.length() < 10 * 1024 * 1024) {
      out.append((char) ('!' + random.nextInt(94)));
    }
    return out.toString();
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        bad(
            "truncated JSON",
            () -> request(r -> {}).substring(0, 60),
            "spec.",
            "unexpected end of input at line 1, column 61"),
        bad("10 MiB of garbage", ScenarioBadInputIT::garbage, "JSON"),
        bad("no spec", () -> request(r -> r.remove("spec")), "spec"),
        bad(
            "no format_version",
            () -> request(r -> spec(r).remove("format_version")),
            "spec.format_version"),
        bad(
            "role without a name",
            () -> request(r -> firstRole(r).remove("name")),
            "spec.cluster.roles[0].name"),
        bad(
            "format_version is text",
            () -> request(r -> spec(r).put("format_version", "one point oh")),
            "spec.format_version"),
        bad(
            "roles is not a list",
            () -> request(r -> cluster(r).put("roles", "app")),
            "spec.cluster.roles"),
        bad(
            "role name is an object",
            () -> request(r -> firstRole(r).putObject("name").put("nested", true)),
            "spec.cluster.roles[0].name"),
        bad(
            "database owned by an unknown role",
            () ->
                request(
                    r -> {
                      ObjectNode db = cluster(r).putArray("databases").addObject();
                      db.put("name", "loot");
                      db.put("owner", "ghost");
                      db.putNull("options");
                    }),
            "ghost",
            "owner"),
        // Issue #17: hostile values that used to reach Postgres or postgresql.conf.
        bad(
            "unpaired surrogate in a role name",
            // Jackson would write the surrogate raw (and the client send '?'): escape it by hand.
            () -> request(r -> firstRole(r).put("name", "shop@SURROGATE@app"))
                .replace("@SURROGATE@", "\\ud800"),
            "cluster.roles[0].name", "unpaired surrogate", "position 4"),
        bad(
            "NUL in a role name",
            () -> request(r -> firstRole(r).put("name", "a\u0000b")),
            "cluster.roles[0].name", "NUL"),
        bad(
            "NUL in a database name",
            () -> request(r -> ((ObjectNode) cluster(r).get("databases").get(0))
                .put("name", "shop\u0000")),
            "cluster.databases[0].name", "NUL"),
        bad(
            "NUL in a password",
            () -> request(r -> firstRole(r).put("encrypted_password", "pw\u0000")),
            "cluster.roles[0].encrypted_password", "NUL"),
        bad("port with a trailing space", () -> request(r -> port(r, "5432 ")), "port"),
        bad("port with a leading space", () -> request(r -> port(r, " 5432")), "port"),
        bad("port with a sign", () -> request(r -> port(r, "+1")), "port"),
        bad("port null", () -> request(r -> port(r, null)), "port", "needs a value"),
        bad(
            "port that differs from the connstr",
            () -> request(r -> port(r, "1")),
            "port 1 differs from port"),
        bad(
            "rename to more than 63 bytes",
            () -> request(r -> spec(r).putArray("delta_operations").addObject()
                .put("action", "rename_role").put("name", "app").put("new_name", "n".repeat(64))),
            "delta_operations[0].new_name", "63 bytes"),
        bad(
            "duplicate role",
            () -> request(r -> ((com.fasterxml.jackson.databind.node.ArrayNode) cluster(r)
                .get("roles")).add(firstRole(r).deepCopy())),
            "listed twice"),
        bad(
            "system database",
            () -> request(r -> ((ObjectNode) cluster(r).get("databases").get(0))
                .put("name", "template1")),
            "system database"),
        bad(
            "reserved role",
            () -> request(r -> cluster(r).withArray("roles").addObject()
                .put("name", "pg_monitor").putNull("encrypted_password")),
            "reserved"),
        bad(
            "role option injecting a statement",
            () -> request(r -> roleOption(r, "CONNECTION LIMIT",
                "1; CREATE ROLE injected_by_option", "integer")),
            "cluster.roles[0].options[0].value", "not a valid integer"),
        bad(
            "role option granting superuser",
            () -> request(r -> roleOption(r, "CONNECTION LIMIT", "1 SUPERUSER", "integer")),
            "not a valid integer"),
        bad(
            "SUPERUSER role option",
            () -> request(r -> roleOption(r, "SUPERUSER", null, "bool")),
            "SUPERUSER is refused"),
        bad(
            "setting value with a newline",
            () -> request(r -> cluster(r).withArray("settings").addObject()
                .put("name", "work_mem").put("value", "4096\nstatement_timeout = 12345")
                .put("vartype", "integer")),
            "control character"),
        bad(
            "JWK without its parameters",
            () -> request(r -> ((ObjectNode) r.get("compute_ctl_config").get("jwks"))
                .putArray("keys").addObject().put("kty", "OKP")),
            "compute_ctl_config.jwks.keys[0]"),
        bad(
            "JWK that is a number",
            () -> request(r -> ((ObjectNode) r.get("compute_ctl_config").get("jwks"))
                .putArray("keys").add(1)),
            "compute_ctl_config.jwks.keys[0]"),
        bad(
            "10 MB role name",
            () -> request(r -> firstRole(r).put("name", "r".repeat(10 * 1024 * 1024))),
            "r".repeat(64) + "…"));
  }

  private static void port(ObjectNode request, String value) {
    ObjectNode setting = cluster(request).withArray("settings").addObject();
    setting.put("name", "port").put("value", value).put("vartype", "integer");
  }

  private static void roleOption(ObjectNode request, String name, String value, String vartype) {
    firstRole(request).putArray("options").addObject()
        .put("name", name).put("value", value).put("vartype", vartype);
  }

  private static Arguments bad(String name, Supplier<String> body, String... messageNames) {
    return Arguments.of(name, body, List.of(messageNames));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void badConfigureBodyIsRejectedAndChangesNothing(
      String name, Supplier<String> body, List<String> messageNames) {
    int mark = compute.logLines().size();

    RawResponse response = compute.client().external("POST", "/configure", body.get());

    assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
    String error = new ComputeHttpException("POST", "/configure", 400, response.body()).error();
    assertThat(error).as("error message").isNotBlank().hasSizeLessThan(1_000);
    for (String expected : messageNames) {
      assertThat(error).contains(expected);
    }
    assertThat(compute.client().status().status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(ScenarioSupport.transitionsSince(compute, mark)).isEmpty();
    assertThat(compute.client().dbsAndRoles()).isEqualTo(catalogBefore);
  }

  @org.junit.jupiter.api.Test
  void bytesThatAreNotUtf8AreRefusedWithTheirOffsetAndChangeNothing() throws Exception {
    int mark = compute.logLines().size();
    String json = request(r -> firstRole(r).put("name", "shop\u00ffapp"));
    byte[] body = json.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    int offset = json.indexOf('\u00ff');
    java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(compute.client().internalUri().resolve("/configure"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains("not valid UTF-8").contains("byte offset " + offset);
    assertThat(compute.client().status().status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(ScenarioSupport.transitionsSince(compute, mark)).isEmpty();
    assertThat(compute.client().dbsAndRoles()).isEqualTo(catalogBefore);
  }
}
