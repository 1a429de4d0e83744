package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.client.RawResponse;
import dev.computectl.testkit.spec.SpecBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #17 against real Postgres: the SQL routes name what is missing instead of answering 500,
 * system schemas are refused, oversized requests and early tokens get JSON answers, and an
 * unchanged cleartext password is not set again. The compute keeps running throughout.
 */
class ScenarioHostileRequestsIT {

  private static TestCompute compute;

  @BeforeAll
  static void start() {
    compute = TestCompute.builder()
        .spec(SpecBuilder.spec().role("app", "app-pw")
            .roleWithEncryptedPassword("clear", "clear-text-pw").database("shop", "app"))
        .start().awaitRunning();
  }

  @AfterAll
  static void stop() {
    if (compute != null) {
      compute.close();
    }
  }

  private static RawResponse grants(String database, String schema, String role) {
    return compute.client().internal("POST", "/grants", "{\"database\":\"" + database
        + "\",\"schema\":\"" + schema + "\",\"privileges\":[\"CREATE\"],\"role\":\"" + role + "\"}");
  }

  private static RawResponse extension(String database, String extension, String version) {
    return compute.client().internal("POST", "/extensions", "{\"extension\":\"" + extension
        + "\",\"database\":\"" + database + "\",\"version\":\"" + version + "\"}");
  }

  private static void assertError(RawResponse r, int status, String... parts) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.header("content-type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/json"));
    assertThat(r.body()).startsWith("{\"error\":");
    for (String part : parts) {
      assertThat(r.body()).contains(part);
    }
  }

  @Test
  void grantsNameWhatIsMissingAndRefuseSystemSchemas() throws Exception {
    assertError(grants("shop", "nope", "app"), 404, "schema 'nope' does not exist");
    assertError(grants("shop", "public", "ghost"), 404, "role 'ghost' does not exist");
    assertError(grants("nodb", "public", "app"), 404, "database 'nodb' does not exist");
    assertError(grants("shop", "pg_catalog", "app"), 400, "system schema");
    assertError(grants("shop", "information_schema", "app"), 400, "system schema");
    try (Connection c = compute.connect("shop"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT has_schema_privilege('app', 'pg_catalog', 'CREATE')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).isFalse();
    }
    assertThat(grants("shop", "public", "app").statusCode()).isEqualTo(201);
    assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
  }

  @Test
  void extensionsNameWhatIsMissing() {
    assertError(extension("nodb", "plpgsql", "1.0"), 404, "database 'nodb' does not exist");
    assertError(extension("shop", "no_such_ext", "1.0"), 404, "extension 'no_such_ext'");
    assertError(extension("shop", "plpgsql", "9.9"), 404, "version '9.9'");
    assertError(extension("shop", "x\\u0000", "1.0"), 400, "NUL");
    assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
  }

  @Test
  void aDatabaseNameWithNulIs400() {
    assertError(compute.client().external("GET", "/database_schema?database=postgres%00", null),
        400, "NUL");
    assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
  }

  @Test
  void oversizedHeadersAreAJsonError() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(compute.client().externalUri().resolve("/status"))
            .header("X-Big", "h".repeat(64 * 1024)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(431);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/json"));
    assertThat(r.body()).isEqualTo("{\"error\":\"request header fields are too large\"}");
    HttpResponse<String> uri = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(compute.client().externalUri().resolve("/status")
            + "?pad=" + "u".repeat(64 * 1024))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(uri.statusCode()).isIn(414, 431);
    assertThat(uri.body()).startsWith("{\"error\":");
    assertThat(compute.client().status().status()).isEqualTo(ComputeStatus.RUNNING);
  }

  @Test
  void aTokenNotYetValidIs401() {
    String early = compute.keys().token().computeId(compute.computeId())
        .claim("nbf", JsonNodeFactory.instance.numberNode(Instant.now().getEpochSecond() + 3600))
        .sign();
    RawResponse r = compute.client().withToken(early).external("GET", "/status", null);
    assertError(r, 401, "failed to verify authorization token");
  }

  @Test
  void aConfigureHealsAComputeWhoseReconfigureFailed() {
    SpecBuilder good = SpecBuilder.spec().role("app", "app-pw")
        .roleWithEncryptedPassword("clear", "clear-text-pw").database("shop", "app");
    // Valid, but Postgres refuses the new role's VALID UNTIL during the apply.
    SpecBuilder failing = SpecBuilder.from(good.build()).role("late")
        .roleOption("late", "VALID UNTIL", "not-a-date", "string");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> compute.configure(failing))
        .isInstanceOfSatisfying(dev.computectl.testkit.client.ComputeHttpException.class,
            e -> assertThat(e.statusCode()).isEqualTo(500));
    assertThat(compute.client().status().status()).isEqualTo(ComputeStatus.FAILED);

    assertThat(compute.configure(good).status()).isEqualTo(ComputeStatus.RUNNING);
    assertThat(compute.client().status().error()).isNull();
  }

  @Test
  void anUnchangedCleartextPasswordIsNotSetAgain() throws Exception {
    String before = storedPassword("clear");
    assertThat(before).startsWith("SCRAM-SHA-256$");
    compute.configure(SpecBuilder.spec().role("app", "app-pw")
        .roleWithEncryptedPassword("clear", "clear-text-pw").database("shop", "app"));
    // A new ALTER ROLE ... PASSWORD would store a verifier with a fresh random salt.
    assertThat(storedPassword("clear")).isEqualTo(before);
  }

  private static String storedPassword(String role) throws Exception {
    try (Connection c = compute.connect("postgres"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT rolpassword FROM pg_authid WHERE rolname = '" + role + "'")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
