package dev.computectl.core.port;

import dev.computectl.spec.Lsn;
import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link ComputeStorage} did: how long it took, how many bytes PGDATA holds afterwards, the
 * LSN it restored to when it restored from storage, and one line for the startup log (for example
 * "copied template pg15-… (cached)").
 *
 * @param restoredTo null when the source made a fresh cluster instead of restoring one
 * @param replaysArchive PGDATA starts as a standby that replays WAL from storage (it holds a
 *     {@code standby.signal}); a Primary is promoted once that replay has run out of WAL, and is
 *     writable only after that. True for every restore, and for a kept cluster whose restore a
 *     crash interrupted
 */
public record PgdataResult(Duration elapsed, long bytes, Lsn restoredTo, String description,
    boolean replaysArchive) {

  /** A restore (replays the archive when it starts) or, with a null LSN, a fresh cluster. */
  public PgdataResult(Duration elapsed, long bytes, Lsn restoredTo, String description) {
    this(elapsed, bytes, restoredTo, description, restoredTo != null);
  }

  /** A fresh cluster: nothing was restored. */
  public PgdataResult(Duration elapsed, long bytes, String description) {
    this(elapsed, bytes, null, description, false);
  }

  public Optional<Lsn> restoredLsn() {
    return Optional.ofNullable(restoredTo);
  }
}
