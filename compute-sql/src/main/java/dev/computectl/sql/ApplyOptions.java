package dev.computectl.sql;

import java.util.Objects;

/**
 * How one apply runs.
 *
 * @param adminRole the role compute_ctl connects as (from the connstr), never altered or dropped
 * @param privilegedRole the "weak superuser" role name ({@code neon_superuser} by default)
 * @param concurrency how many databases are worked on at once (at least 1)
 * @param firstStart true for the apply at startup (then migrations may follow), false on
 *     reconfigure. At a first start the applier trusts only what the cluster itself stored as
 *     settled, not its memory (Postgres may have been started again on other data).
 * @param listener hooks around phases, for metrics, logs and test failpoints
 */
public record ApplyOptions(
    String adminRole,
    String privilegedRole,
    int concurrency,
    boolean firstStart,
    ApplyListener listener) {

  public ApplyOptions {
    Objects.requireNonNull(adminRole, "adminRole");
    Objects.requireNonNull(privilegedRole, "privilegedRole");
    concurrency = Math.max(1, concurrency);
    listener = listener == null ? ApplyListener.NONE : listener;
  }
}
