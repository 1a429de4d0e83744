package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.CatalogObjects;
import dev.computectl.spec.api.LfcState;
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
      assertThat(client.autoscalingMetrics()).contains("# TYPE connection_counts gauge");
      assertThat(client.lfcPrewarmState()).isEqualTo(LfcState.NOT_PREWARMED);
      client.lfcPrewarm();
      client.cancelLfcPrewarm();
      assertThat(client.lfcPrewarmState()).isEqualTo(LfcState.SKIPPED);
      assertThat(client.lfcOffloadState()).isEqualTo(LfcState.NOT_OFFLOADED);
      client.lfcOffload();
      assertThat(client.lfcOffloadState()).isEqualTo(LfcState.SKIPPED);
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
  void insightsAreNeonsRowsSlowestMeanFirstWithoutTheAdminRole() throws Exception {
    SpecBuilder spec =
        SpecBuilder.spec()
            .role("app", "app-pw")
            .database("shop", "app")
            .setting("shared_preload_libraries", "pg_stat_statements", "string");
    try (TestCompute compute = TestCompute.builder().spec(spec).start().awaitRunning()) {
      ComputeHttpClient client = compute.client();
      client.installExtension("pg_stat_statements", "postgres", "1.10");
      try (var app = compute.connect("postgres", "app", "app-pw");
          var st = app.createStatement()) {
        // The slow one has the higher mean, the frequent one the higher total time. Each has a
        // shape of its own: pg_stat_statements merges statements that differ only in constants
        // and column names.
        st.execute("SELECT 4242 AS slow_marker, pg_sleep(0.2)");
        for (int i = 0; i < 10; i++) {
          st.execute("SELECT pg_sleep(0.04) AS frequent_marker");
        }
      }
      try (var admin = compute.connect("postgres");
          var st = admin.createStatement()) {
        st.execute("SELECT 1, 2, 4444 AS admin_marker, pg_sleep(0.5)");
      }

      var queries = client.insights().get("pg_stat_statements").findValuesAsText("query");

      assertThat(queries).noneMatch(q -> q.contains("admin_marker"));
      assertThat(queries.get(0)).contains("slow_marker");
      assertThat(queries).anyMatch(q -> q.contains("frequent_marker"));
      assertThat(queries).hasSizeLessThanOrEqualTo(100);
    }
  }

  /**
   * Kept different from Neon on purpose (compute-http/README.md): {@code mode=immediate} is
   * Postgres's immediate shutdown, so there is no shutdown checkpoint and no LSN.
   */
  @Test
  void terminateImmediateStopsPostgresWithSigquitAndAnswersNoLsn() {
    try (TestCompute compute = TestCompute.builder().spec(SpecBuilder.spec()).start().awaitRunning()) {
      TerminateResponse answer = compute.client().terminate(TerminateMode.IMMEDIATE);

      assertThat(answer.lsn()).isNull();
      assertThat(compute.status()).isEqualTo(ComputeStatus.TERMINATED);
      assertThat(compute.logLines()).anyMatch(l -> l.contains("with SIGQUIT"));
    }
  }
}
