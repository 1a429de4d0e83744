package dev.computectl.core.port;

import dev.computectl.spec.ComputeSpec;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link ComputeStorage} is asked to fill: this compute's PGDATA, for this spec (its mode,
 * tenant and timeline, settings), with these binaries, run as this user, for this superuser.
 *
 * @param computeId the compute the directory belongs to, for logs and for sources that keep
 *     per-compute state
 * @param runAs how Postgres programs are run when compute_ctl is root
 * @param adminRole the superuser the cluster is created for (the connstr's user)
 */
public record PgdataRequest(
    String computeId,
    Path pgdata,
    ComputeSpec spec,
    PgBinaries binaries,
    PrivilegeDrop runAs,
    String adminRole) {

  public PgdataRequest {
    Objects.requireNonNull(computeId, "computeId");
    Objects.requireNonNull(pgdata, "pgdata");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(binaries, "binaries");
    Objects.requireNonNull(runAs, "runAs");
    Objects.requireNonNull(adminRole, "adminRole");
    if (adminRole.isBlank()) {
      throw new IllegalArgumentException("adminRole must not be blank");
    }
  }
}
