package dev.computectl.http;

import dev.computectl.core.ComputeException;
import dev.computectl.core.ComputeOperations;
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
   * The pg_stat_statements rows as a JSON object (Neon encodes it as a JSON string; see
   * docs/decisions.md#wire-format-fixes).
   */
  void insights(Context ctx) throws ComputeException {
    ctx.json(ops.insights());
  }

  /** JSON {@code true} on success, as the reference. */
  void checkWritability(Context ctx) throws ComputeException {
    ops.checkWritability();
    ctx.json(Boolean.TRUE);
  }
}
