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
 */
public record PgdataResult(Duration elapsed, long bytes, Lsn restoredTo, String description) {

  /** A fresh cluster: nothing was restored. */
  public PgdataResult(Duration elapsed, long bytes, String description) {
    this(elapsed, bytes, null, description);
  }

  public Optional<Lsn> restoredLsn() {
    return Optional.ofNullable(restoredTo);
  }
}
