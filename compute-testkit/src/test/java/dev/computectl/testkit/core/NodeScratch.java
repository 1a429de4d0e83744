package dev.computectl.testkit.core;

import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.testkit.Ports;
import dev.computectl.testkit.WorkDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A work directory (with a socket directory Postgres may use when run unprivileged) and a free
 * port below the ephemeral range, for one ComputeNode test; {@link #close} removes the directory.
 */
record NodeScratch(Path dir, int port) implements AutoCloseable {

  static NodeScratch create(String prefix) throws IOException {
    Path dir = WorkDirs.createTempDirectory(prefix);
    PrivilegeDrop.detect().grant(Files.createDirectory(dir.resolve("sock")));
    return new NodeScratch(dir, Ports.freePort());
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
