package dev.computectl.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The local Maven repository as the test JVM sees it, and the testkit's own version: where
 * artifacts the testkit uses as files (the runnable {@code compute_ctl} jar, zonky's Postgres
 * jars) are looked up by their coordinates.
 */
public final class LocalRepository {

  /** Where the local repository is, when it is not {@code ~/.m2/repository}. */
  public static final String PROPERTY = "maven.repo.local";

  private LocalRepository() {}

  /** {@code -Dmaven.repo.local}, else {@code ~/.m2/repository}. */
  public static Path root() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /** The file of {@code groupId:artifactId:version[:classifier]} (type jar) in {@link #root()}. */
  public static Path jar(String groupId, String artifactId, String version, String classifier) {
    String file =
        artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar";
    return root().resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version)
        .resolve(file);
  }

  /** The version compute-testkit was built as, for example {@code 0.1.0-SNAPSHOT}. */
  public static String testkitVersion() {
    Properties p = new Properties();
    try (InputStream in = LocalRepository.class.getResourceAsStream("testkit.properties")) {
      if (in == null) {
        throw new IllegalStateException("testkit.properties missing from compute-testkit's jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }
}
