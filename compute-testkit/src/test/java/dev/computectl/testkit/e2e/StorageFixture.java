package dev.computectl.testkit.e2e;

import static dev.computectl.testkit.e2e.StorageSupport.spec;

import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.WorkDirs;
import dev.computectl.testkit.storage.TestRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * What one storage test class holds: a throwaway repository, and the work directories of the
 * PGDATAs that outlive one compute (kept disks). They hold whole clusters on tmpfs, so {@link
 * #close} deletes them with the repository.
 */
final class StorageFixture implements AutoCloseable {

  private final TestRepository repo = TestRepository.create();
  private final List<Path> made = new CopyOnWriteArrayList<>();

  TestRepository repo() {
    return repo;
  }

  /** A Primary of {@code timeline} on the repository, running. */
  TestCompute primary(String timeline) {
    return TestCompute.builder().pgbackrest(repo).spec(spec(timeline)).start().awaitRunning();
  }

  /** A Primary of {@code timeline} on a PGDATA that outlives it (a kept disk). */
  TestCompute primaryOn(String timeline, Path pgdata) {
    return TestCompute.builder().pgbackrest(repo).pgdata(pgdata).spec(spec(timeline)).start()
        .awaitRunning();
  }

  /** {@code <work dir>/<prefix><random>/pgdata}, not created yet. */
  Path pgdata(String prefix) throws IOException {
    return dir(prefix).resolve("pgdata");
  }

  /** A fresh work directory of its own. */
  Path dir(String prefix) throws IOException {
    Path dir = WorkDirs.createTempDirectory(prefix);
    made.add(dir);
    return dir;
  }

  @Override
  public void close() throws IOException {
    repo.close();
    for (Path dir : made) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    made.clear();
  }
}
