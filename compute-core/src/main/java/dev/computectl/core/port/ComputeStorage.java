package dev.computectl.core.port;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.SpecProblem;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The storage port: where a compute's data lives between starts. Implementations: {@code
 * dev.computectl.core.storage.FreshStorage} (a fresh initdb every start, the default without
 * storage) and {@code dev.computectl.core.storage.PgBackRestStorage} (a pgBackRest repository:
 * durable primaries, Static computes at an LSN). A Neon pageserver would be a third; the
 * lifecycle calls only these methods, in this order: {@link #check} for every spec it accepts,
 * {@link #prepare} before each start, {@link #settings} with every config write, {@link #started}
 * once Postgres is ready, and around a fast terminate of a Primary {@link #beforeStop} and {@link
 * #afterStop}, and {@link #stopped} after every terminate. One instance belongs to one compute (it may keep what {@code prepare} found).
 */
public interface ComputeStorage {

  /**
   * Leaves {@code request.pgdata()} holding a cluster for {@code request.spec()} (restored,
   * kept, or fresh), mode 0700, owned by the run-as user. The caller writes postgresql.conf.
   */
  PgdataResult prepare(PgdataRequest request) throws IOException;

  /**
   * What this storage needs of a spec that the common rules do not check (for example a timeline
   * id). Every spec the compute accepts, and {@code --check-config}, goes through it; an empty
   * list means the spec is fine for this storage.
   */
  default List<SpecProblem> check(ComputeSpec spec) {
    return List.of();
  }

  /**
   * What this storage cannot switch while Postgres runs on it, when a reconfigure or refresh
   * would change {@code running} into {@code next} (for example the timeline whose stanza the
   * running cluster archives to). Empty when the change is fine for this storage.
   */
  default List<SpecProblem> checkChange(ComputeSpec running, ComputeSpec next) {
    return List.of();
  }

  /** One line for logs, e.g. "fresh initdb (template cache /var/cache/x)". */
  default String describe() {
    return getClass().getSimpleName();
  }

  /**
   * Lines of postgresql.conf this storage needs for {@code spec} (WAL archiving, for example).
   * They are written before the spec's own settings, so a spec setting wins where {@link #check}
   * lets the spec set it at all.
   */
  default List<String> settings(ComputeSpec spec, java.nio.file.Path pgdata) {
    return List.of();
  }

  /**
   * Postgres is ready. Work that needs it running may start here in the background (for example
   * the first backup of a new timeline); its failures go to {@code session.events()}.
   */
  default void started(StorageSession session) {}

  /**
   * A fast terminate is about to stop a Primary: wait, at most {@code bound}, for work that needs
   * Postgres running.
   */
  default void beforeStop(Duration bound) throws InterruptedException {}

  /**
   * A Primary stopped cleanly after a fast terminate, with its shutdown checkpoint at {@code
   * checkpoint}: make everything up to it durable before the terminate answers. A failure is
   * reported to the terminate's caller and the compute exits non-zero.
   */
  default void afterStop(StorageSession session, Lsn checkpoint) throws IOException {}

  /** The compute terminated (any mode): background work of this storage ends. */
  default void stopped() {}
}
