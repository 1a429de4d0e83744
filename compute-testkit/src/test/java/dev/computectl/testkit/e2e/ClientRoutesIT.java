package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.CatalogObjects;
import dev.computectl.spec.api.Privilege;
import dev.computectl.spec.api.SetRoleGrantsRequest;
import dev.computectl.spec.api.TerminateMode;
import dev.computectl.spec.api.TerminateResponse;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.client.ComputeHttpClient;
import dev.computectl.testkit.client.ComputeHttpException;
import dev.computectl.testkit.spec.SpecBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every ComputeHttpClient method against a real compute: the client and the servers agree. */
class ClientRoutesIT {

  @Test
  void everyRouteAnswersTheShapeTheClientExpects() {
    SpecBuilder spec = SpecBuilder.spec().role("app", "app-pw").database("shop", "app");
    try (TestCompute compute = TestCompute.builder().spec(spec).start().awaitRunning()) {
      ComputeHttpClient client = compute.client();

      assertThat(client.liveness()).isTrue();
      assertThat(client.readiness()).isTrue();
      assertThat(client.status().status()).isEqualTo(ComputeStatus.RUNNING);
      assertThat(client.metricsJson().totalStartupMs()).isPositive();
      assertThat(client.metrics()).contains("compute_ctl_up");
      CatalogObjects catalog = client.dbsAndRoles();
      assertThat(catalog.roles()).extracting(r -> r.name()).contains("app");
      assertThat(catalog.databases()).extracting(d -> d.name()).contains("shop");
      client.checkWritability();
      // Without pg_stat_statements installed the answer is an empty list.
      assertThat(client.insights().get("pg_stat_statements")).isEmpty();
      assertThat(client.databaseSchema("shop")).contains("PostgreSQL database dump");

      SetRoleGrantsRequest grant =
          new SetRoleGrantsRequest("shop", "public", List.of(Privilege.USAGE), "app");
      assertThat(client.grants(grant)).isEqualTo(grant);
      assertThat(client.installExtension("hstore", "shop", "1.8").extension()).isEqualTo("hstore");
      assertThatThrownBy(() -> client.failpoint("before-apply", "off"))
          .isInstanceOfSatisfying(
              ComputeHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(412));

      TerminateResponse first = client.terminate(TerminateMode.FAST);
      assertThat(compute.status()).isEqualTo(ComputeStatus.TERMINATED);
      assertThat(client.terminate(TerminateMode.FAST)).isEqualTo(first);
    }
  }

  @Test
  void insightsReadPgStatStatementsFromTheSchemaItIsInstalledIn() throws Exception {
    SpecBuilder spec =
        SpecBuilder.spec()
            .role("app", "app-pw")
            .database("shop", "app")
            .setting("shared_preload_libraries", "pg_stat_statements", "string");
    try (TestCompute compute = TestCompute.builder().spec(spec).start().awaitRunning()) {
      ComputeHttpClient client = compute.client();
      client.installExtension("pg_stat_statements", "postgres", "1.10");
      try (var conn = compute.connect("postgres");
          var st = conn.createStatement()) {
        // Slow enough to rank among the 100 statements of most total time the route returns.
        st.execute("SELECT 4242 AS insights_marker, pg_sleep(0.3)");
      }

      var rows = client.insights().get("pg_stat_statements");

      assertThat(rows).isNotEmpty();
      assertThat(rows.findValuesAsText("query")).anyMatch(q -> q.contains("insights_marker"));
    }
  }
}
