package dev.computectl.testkit;

import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.ComputeStorage;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.testkit.jwt.TestJwts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the builder resolved for one compute; the runtimes only execute it.
 *
 * @param spec the spec given directly (embedded only), or null
 * @param configFile a {@code --config} file, or null
 * @param controlPlaneUri the control plane to fetch from, or null
 * @param pgbackrestConfig a subprocess's {@code --pgbackrest-config}, or null
 * @param durable false: the harness adds {@code fsync=off} to specs that do not set fsync
 * @param failedStartExitDelay a subprocess's {@code --failed-start-exit-delay}
 */
record ComputeSetup(
    String computeId,
    Path workDir,
    Path pgdata,
    Path socketDir,
    int postgresPort,
    int externalPort,
    int internalPort,
    String connstr,
    TestJwts keys,
    ComputeSpec spec,
    Path configFile,
    URI controlPlaneUri,
    String controlPlaneToken,
    boolean failpoints,
    ComputeStorage storage,
    Path pgbackrestConfig,
    PgBinaries binaries,
    Path templateCacheDir,
    Path launcherJar,
    Duration startTimeout,
    boolean durable,
    Duration failedStartExitDelay) {}
