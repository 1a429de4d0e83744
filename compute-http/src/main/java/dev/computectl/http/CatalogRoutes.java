package dev.computectl.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.computectl.core.ComputeException;
import dev.computectl.core.ComputeOperations;
import io.javalin.http.ContentType;
import io.javalin.http.Context;

/** Routes that read from or write to Postgres on the caller's behalf. */
final class CatalogRoutes {

  static final String SQL_TEXT = "text/plain; charset=utf-8";

  private final ComputeOperations ops;

  CatalogRoutes(ComputeOperations ops) {
    this.ops = ops;
  }

  void dbsAndRoles(Context ctx) throws ComputeException {
    ctx.json(ops.catalogObjects());
  }

  /** Streams {@code pg_dump --schema-only}; Javalin closes the stream, which stops the dump. */
  void databaseSchema(Context ctx) throws ComputeException {
    String database = ctx.queryParam("database");
    if (database == null || database.isEmpty()) {
      throw HttpError.badRequest("missing query parameter: database");
    }
    ctx.contentType(SQL_TEXT).result(ops.databaseSchema(database));
  }

  /**
   * The pg_stat_statements object serialized inside a JSON string, as Neon answers and its
   * control plane parses it (docs/decisions.md#insights-as-neon-sends-them).
   */
  void insights(Context ctx) throws ComputeException, JsonProcessingException {
    String inner = Json.mapper().writeValueAsString(ops.insights());
    // Written by hand: Javalin's ctx.json would send a String as JSON text, not as a JSON string.
    ctx.contentType(ContentType.APPLICATION_JSON).result(Json.mapper().writeValueAsString(inner));
  }

  /** JSON {@code true} on success, as the reference. */
  void checkWritability(Context ctx) throws ComputeException {
    ops.checkWritability();
    ctx.json(Boolean.TRUE);
  }
}
