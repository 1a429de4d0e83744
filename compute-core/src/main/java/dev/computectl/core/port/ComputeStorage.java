package dev.computectl.core.port;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecProblem;
import java.io.IOException;
import java.util.List;

/**
 * The storage port: fills PGDATA before Postgres starts. The default ({@code
 * dev.computectl.core.postgres.InitdbPgdataSource}) makes a fresh cluster (initdb, or a copy of a
 * cached initdb); a source that restores from storage (a backup repository, a Neon pageserver)
 * is another implementation, and the lifecycle does not change for it.
 */
public interface PgdataSource {

  /**
   * Leaves {@code request.pgdata()} holding a cluster for {@code request.spec()} whose
   * postgresql.conf is empty (the caller writes it), mode 0700, owned by the run-as user.
   */
  PgdataResult prepare(PgdataRequest request) throws IOException;

  /**
   * What this source needs of a spec that the common rules do not check (for example storage that
   * needs a timeline id). Every spec the compute accepts, and {@code --check-config}, goes through
   * it; an empty list means the spec is fine for this source.
   */
  default List<SpecProblem> check(ComputeSpec spec) {
    return List.of();
  }

  /** One line for logs, e.g. "fresh initdb (template cache /var/cache/x)". */
  default String describe() {
    return getClass().getSimpleName();
  }
}
