package dev.computectl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.computectl.core.ComputeOperations;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  final ComputeOperations ops = mock(ComputeOperations.class);
  final JsonBodies bodies = new JsonBodies(Json.mapper(), 1024);

  @Test
  void only_probes_and_the_two_prometheus_routes_are_open_on_the_external_server() {
    List<Route> routes = RouteTable.external(ops, bodies);
    assertThat(routes).allSatisfy(r -> assertThat(r.access()).isNotNull());
    assertThat(routes.stream().filter(r -> r.access() == Access.OPEN).map(Route::path))
        .containsExactlyInAnyOrder("/liveness", "/readiness", "/metrics", "/autoscaling_metrics");
  }

  @Test
  void each_server_has_the_reference_routes() {
    assertThat(paths(RouteTable.external(ops, bodies)))
        .containsExactlyInAnyOrder(
            "GET /liveness", "GET /readiness", "GET /metrics", "GET /status", "GET /metrics.json",
            "POST /configure", "POST /terminate", "POST /promote", "POST /check_writability",
            "GET /dbs_and_roles",
            "GET /database_schema", "GET /insights", "GET /autoscaling_metrics",
            "GET /lfc/prewarm", "POST /lfc/prewarm", "DELETE /lfc/prewarm",
            "GET /lfc/offload", "POST /lfc/offload");
    assertThat(paths(RouteTable.internal(ops, bodies)))
        .containsExactlyInAnyOrder(
            "GET /liveness", "GET /readiness", "GET /status", "POST /refresh_configuration",
            "POST /configure", "POST /extensions", "POST /grants", "POST /failpoints");
  }

  @Test
  void calls_that_wait_run_on_the_blocking_pool() {
    assertThat(RouteTable.external(ops, bodies).stream().filter(Route::blocking).map(Route::path))
        .contains("/configure", "/terminate", "/database_schema", "/autoscaling_metrics")
        .doesNotContain("/status", "/liveness", "/readiness", "/metrics");
  }

  private static List<String> paths(List<Route> routes) {
    return routes.stream().map(r -> r.method().name() + " " + r.path()).collect(Collectors.toList());
  }
}
