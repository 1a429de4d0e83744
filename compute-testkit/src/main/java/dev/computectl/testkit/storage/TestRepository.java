package dev.computectl.testkit.storage;

import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.core.storage.FreshStorage;
import dev.computectl.core.storage.PgBackRestStorage;
import dev.computectl.testkit.WorkDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A throwaway pgBackRest repository in a temp directory, for one test class: its config file, and
 * the storage a compute on it uses. Close it to delete the repository. Needs the {@code
 * pgbackrest} program (Debian package {@code pgbackrest}; {@code .ci/run} installs it).
 *
 * <pre>{@code
 * static final TestRepository repo = TestRepository.create();
 * TestCompute c = TestCompute.builder().pgbackrest(repo).spec(spec.timelineId(id)).start();
 * }</pre>
 */
public final class TestRepository implements AutoCloseable {

  private final Path dir;
  private final Path config;

  private TestRepository(Path dir, Path config) {
    this.dir = dir;
    this.config = config;
  }

  /** A new, empty repository (no stanza yet). */
  public static TestRepository create() {
    try {
      Path dir = WorkDirs.createTempDirectory("pgbackrest-");
      PrivilegeDrop runAs = PrivilegeDrop.detect();
      for (String sub : new String[] {"repo", "lock", "spool", "log"}) {
        runAs.grant(Files.createDirectory(dir.resolve(sub)));
      }
      Path config = dir.resolve("pgbackrest.conf");
      // No compression and two processes: test clusters are small and the machine has 2 cores.
      Files.writeString(config, "[global]\n"
          + "repo1-path=" + dir.resolve("repo") + "\n"
          + "repo1-retention-full=2\n"
          + "lock-path=" + dir.resolve("lock") + "\n"
          + "spool-path=" + dir.resolve("spool") + "\n"
          + "log-path=" + dir.resolve("log") + "\n"
          + "log-level-file=off\n"
          + "start-fast=y\n"
          + "compress-type=none\n"
          + "process-max=2\n"
          + "archive-timeout=30\n");
      runAs.grant(config);
      return new TestRepository(dir, config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a test pgBackRest repository", e);
    }
  }

  /** The pgBackRest config file naming the repository ({@code --pgbackrest-config}). */
  public Path config() {
    return config;
  }

  /** The repository directory itself. */
  public Path directory() {
    return dir.resolve("repo");
  }

  /** The storage of a compute on this repository, retrying a failed first backup quickly. */
  public PgBackRestStorage storage(TemplateCache templates) {
    return PgBackRestStorage.of(config, FreshStorage.cached(templates))
        .withBackupRetry(Duration.ofMillis(200), Duration.ofSeconds(2));
  }

  /** Whether the stanza of {@code timelineId} holds a finished backup. */
  public boolean hasBackup(String timelineId) {
    return !backupTypes(timelineId).isEmpty();
  }

  /** The types ({@code full}, {@code diff}, {@code incr}) of the stanza's finished backups, oldest first. */
  public java.util.List<String> backupTypes(String timelineId) {
    try {
      PrivilegeDrop runAs = PrivilegeDrop.detect();
      Process p = new ProcessBuilder(runAs.wrap(java.util.List.of("pgbackrest",
              "--config=" + config, "--stanza=" + timelineId, "--output=json", "info")))
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor();
      com.fasterxml.jackson.databind.JsonNode root =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
      java.util.List<String> types = new java.util.ArrayList<>();
      if (root.isArray() && root.size() > 0) {
        root.get(0).path("backup").forEach(b -> types.add(b.path("type").asText()));
      }
      return java.util.List.copyOf(types);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.List.of();
    }
  }

  @Override
  public void close() {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a leftover temp directory is no test failure.
    }
  }
}
