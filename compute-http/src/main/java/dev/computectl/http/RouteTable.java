package dev.computectl.http;

import static dev.computectl.http.Access.JWT;
import static dev.computectl.http.Access.OPEN;

import dev.computectl.core.ComputeOperations;
import java.util.List;

/** The route table of each server, in one place so the auth of every route can be read at once. */
final class RouteTable {

  private RouteTable() {}

  static List<Route> external(ComputeOperations ops, JsonBodies bodies) {
    StatusRoutes status = new StatusRoutes(ops);
    LifecycleRoutes lifecycle = new LifecycleRoutes(ops, bodies);
    CatalogRoutes catalog = new CatalogRoutes(ops);
    CacheAndScalingRoutes scaling = new CacheAndScalingRoutes(ops);
    return List.of(
        Route.get("/liveness", OPEN, status::liveness),
        Route.get("/readiness", OPEN, status::readiness),
        Route.get("/metrics", OPEN, status::prometheus),
        Route.get("/autoscaling_metrics", OPEN, scaling::autoscalingMetrics).onBlockingPool(),
        Route.get("/status", JWT, status::status),
        Route.get("/metrics.json", JWT, status::metricsJson),
        Route.post("/configure", JWT, lifecycle::configure).onBlockingPool(),
        Route.post("/terminate", JWT, lifecycle::terminate).onBlockingPool(),
        Route.post("/promote", JWT, lifecycle::promote).onBlockingPool(),
        Route.post("/check_writability", JWT, catalog::checkWritability).onBlockingPool(),
        Route.get("/dbs_and_roles", JWT, catalog::dbsAndRoles).onBlockingPool(),
        Route.get("/database_schema", JWT, catalog::databaseSchema).onBlockingPool(),
        Route.get("/insights", JWT, catalog::insights).onBlockingPool(),
        Route.get("/lfc/prewarm", JWT, scaling::prewarmState),
        Route.post("/lfc/prewarm", JWT, scaling::prewarm),
        Route.delete("/lfc/prewarm", JWT, scaling::cancelPrewarm),
        Route.get("/lfc/offload", JWT, scaling::offloadState),
        Route.post("/lfc/offload", JWT, scaling::offload));
  }

  /** Loopback only and unauthenticated, so only local tools and the Postgres extension reach it. */
  static List<Route> internal(ComputeOperations ops, JsonBodies bodies) {
    StatusRoutes status = new StatusRoutes(ops);
    LifecycleRoutes lifecycle = new LifecycleRoutes(ops, bodies);
    AdminRoutes admin = new AdminRoutes(ops, bodies);
    return List.of(
        Route.get("/liveness", OPEN, status::liveness),
        Route.get("/readiness", OPEN, status::readiness),
        Route.get("/status", OPEN, status::status),
        Route.post("/refresh_configuration", OPEN, lifecycle::refreshConfiguration),
        Route.post("/configure", OPEN, lifecycle::configure).onBlockingPool(),
        Route.post("/extensions", OPEN, admin::installExtension).onBlockingPool(),
        Route.post("/grants", OPEN, admin::setRoleGrants).onBlockingPool(),
        Route.post("/failpoints", OPEN, admin::failpoints));
  }
}
