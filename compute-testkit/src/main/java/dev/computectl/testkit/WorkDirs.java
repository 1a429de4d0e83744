package dev.computectl.testkit;

import dev.computectl.core.postgres.TemplateCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where the harness puts PGDATA copies, sockets and the initdb template cache: {@code /dev/shm}
 * when it exists, is writable and has more than 2 GiB free (on a shared disk one {@code CREATE
 * DATABASE} waits for the disk for most of a second; on tmpfs it takes milliseconds), else {@code
 * java.io.tmpdir}. The system property {@value #PROPERTY} overrides both.
 *
 * <p>Postgres runs as user postgres when the tests run as root, so every directory from {@code /}
 * down to a PGDATA must be traversable by others; {@link #root()} refuses an override that is not.
 */
public final class WorkDirs {

  /** A directory for all harness work dirs, instead of the automatic choice. */
  public static final String PROPERTY = "computectl.test.tmpdir";

  static final Path SHM = Path.of("/dev/shm");
  static final long MIN_SHM_FREE_BYTES = 2L * 1024 * 1024 * 1024;
  private static final Set<PosixFilePermission> TRAVERSABLE =
      PosixFilePermissions.fromString("rwxr-xr-x");

  private WorkDirs() {}

  /** The directory harness work dirs go into (created when the override names a new one). */
  public static Path root() {
    String override = System.getProperty(PROPERTY);
    Path chosen =
        choose(override, SHM, MIN_SHM_FREE_BYTES, Path.of(System.getProperty("java.io.tmpdir")));
    if (override != null && !override.isBlank()) {
      prepareOverride(chosen);
    }
    return chosen;
  }

  /** The automatic choice, or {@code override} when set; no side effects. */
  static Path choose(String override, Path shm, long minFreeBytes, Path fallback) {
    if (override != null && !override.isBlank()) {
      return Path.of(override).toAbsolutePath().normalize();
    }
    try {
      if (Files.isDirectory(shm)
          && Files.isWritable(shm)
          && Files.getFileStore(shm).getUsableSpace() > minFreeBytes) {
        return shm;
      }
    } catch (IOException e) {
      // no usable /dev/shm
    }
    return fallback;
  }

  /** A fresh {@code <root>/<prefix><random>} directory, traversable by others. */
  public static Path createTempDirectory(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(root(), prefix);
    Files.setPosixFilePermissions(dir, TRAVERSABLE);
    return dir;
  }

  /** The initdb template cache shared by the harness: {@code <root>/computectl-pgdata-templates}. */
  public static TemplateCache templateCache() {
    return new TemplateCache(root().resolve("computectl-pgdata-templates"));
  }

  private static void prepareOverride(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, TRAVERSABLE);
      }
      if (!"root".equals(System.getProperty("user.name"))) {
        return; // Postgres runs as this same user
      }
      for (Path p = dir; p != null; p = p.getParent()) {
        if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          throw new IllegalStateException(
              "-D" + PROPERTY + "=" + dir + ": " + p + " is not traversable by user postgres "
                  + "(Postgres runs as postgres when the tests run as root); use another "
                  + "directory or chmod o+x " + p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare -D" + PROPERTY + "=" + dir, e);
    }
  }
}
