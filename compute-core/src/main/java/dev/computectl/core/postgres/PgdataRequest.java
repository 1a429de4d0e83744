package dev.computectl.core.postgres;

import java.nio.file.Path;
import java.util.Objects;

/** What {@link PgdataSource#prepare} fills, with which Postgres, for which superuser. */
public record PgdataRequest(Path pgdata, PgBinaries binaries, String adminRole) {

  public PgdataRequest {
    Objects.requireNonNull(pgdata, "pgdata");
    Objects.requireNonNull(binaries, "binaries");
    Objects.requireNonNull(adminRole, "adminRole");
    if (adminRole.isBlank()) {
      throw new IllegalArgumentException("adminRole must not be blank");
    }
  }
}
