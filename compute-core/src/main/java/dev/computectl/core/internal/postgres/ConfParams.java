package dev.computectl.core.internal.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link PostgresConfWriter} needs besides the spec.
 *
 * @param listenAddresses value of {@code listen_addresses}, for example {@code 127.0.0.1} or
 *     {@code *}; wins over the spec's settings
 * @param unixSocketDirectory {@code unix_socket_directories}; null leaves Postgres's default
 * @param connstr the compute's connection string ({@code --connstr}); its port becomes {@code
 *     port} unless the spec sets one; null when unknown
 * @param internalHttpPort the internal HTTP port, or null
 * @param privilegedRoleName {@code neon.privileged_role_name}, or null
 * @param pkglibdir where extension libraries are; preload libraries missing there are dropped.
 *     Null skips the check
 * @param strictOvercommit {@code vm.overcommit_memory} is 2 (then dynamic_shared_memory_type =
 *     mmap)
 */
public record ConfParams(
    String listenAddresses,
    Path unixSocketDirectory,
    String connstr,
    Integer internalHttpPort,
    String privilegedRoleName,
    Path pkglibdir,
    boolean strictOvercommit) {

  public ConfParams {
    Objects.requireNonNull(listenAddresses, "listenAddresses");
  }

  /** Reads {@code /proc/sys/vm/overcommit_memory}; false when it cannot be read. */
  public static boolean detectStrictOvercommit() {
    try {
      // readAllLines, not readString: /proc files report size 0 and readString may stop short.
      return Files.readAllLines(Path.of("/proc/sys/vm/overcommit_memory")).get(0).strip().equals("2");
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }
}
