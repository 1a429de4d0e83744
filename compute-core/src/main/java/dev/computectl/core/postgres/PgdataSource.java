package dev.computectl.core.postgres;

import java.io.IOException;

/**
 * Fills PGDATA before Postgres starts. For vanilla Postgres this is initdb (or a copy of a cached
 * initdb); Neon's basebackup from a pageserver would be another implementation.
 */
public interface PgdataSource {

  /**
   * Replaces whatever is in {@code request.pgdata()} with an initialized cluster whose
   * postgresql.conf is empty (the caller writes it), mode 0700, owned by the run-as user.
   */
  PgdataResult prepare(PgdataRequest request) throws IOException;
}
