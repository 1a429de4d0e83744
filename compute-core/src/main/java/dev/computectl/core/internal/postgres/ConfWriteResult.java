package dev.computectl.core.internal.postgres;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * What {@link PostgresConfWriter#write} wrote.
 *
 * @param file the postgresql.conf written
 * @param configHash the value of {@value PostgresConfWriter#CONFIG_HASH_GUC} in it; after a reload
 *     {@code SHOW compute_ctl.config_hash} returns it once Postgres has read this file
 * @param port the port Postgres will listen on, when the spec or the connstr says
 * @param warnings what was left out and why (for example a preload library that is not installed)
 */
public record ConfWriteResult(Path file, String configHash, OptionalInt port,
    List<String> warnings) {

  public ConfWriteResult {
    warnings = List.copyOf(warnings);
  }
}
