package dev.computectl.core.port;

import dev.computectl.spec.ComputeSpec;
import java.nio.file.Path;

/**
 * A running (or just stopped) Postgres as {@link ComputeStorage} sees it: enough to run a backup
 * tool against it, and where to report what happens in the background.
 *
 * @param port the port Postgres listens on
 * @param socketDir its unix socket directory, null for Postgres's default
 */
public record StorageSession(
    String computeId,
    Path pgdata,
    ComputeSpec spec,
    PgBinaries binaries,
    PrivilegeDrop runAs,
    String adminRole,
    int port,
    Path socketDir,
    StorageEvents events) {}
