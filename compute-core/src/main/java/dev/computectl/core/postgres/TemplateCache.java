package dev.computectl.core.postgres;

import dev.computectl.core.internal.io.FileTrees;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Initialized clusters, built once per key and copied afterwards. A template is built into a temp
 * sibling and renamed into place, so a template directory that exists is complete. Builders
 * serialize on a lock file per key: threads of one JVM through a lock per key, and JVMs sharing
 * the directory through a {@link FileLock}. Readers of a finished template take no lock.
 *
 * <p>The directory must be traversable by the user Postgres runs as (initdb runs as that user).
 */
public final class TemplateCache {

  private static final Logger log = LoggerFactory.getLogger(TemplateCache.class);
  private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(5);
  private static final long LOCK_RETRY_MILLIS = 20;

  /** Builds a template into an empty directory that exists. */
  @FunctionalInterface
  public interface Builder {
    void build(Path emptyDir) throws IOException;
  }

  /** What makes two templates interchangeable. */
  public record Key(Path binDir, String version, String locale, String adminRole) {

    public Key {
      Objects.requireNonNull(binDir);
      Objects.requireNonNull(version);
      Objects.requireNonNull(locale);
      Objects.requireNonNull(adminRole);
    }

    /** A file name: readable prefix plus a hash of everything. */
    public String directoryName() {
      String major = version.replaceAll("^(\\d+).*$", "$1");
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        String all = binDir + "\n" + version + "\n" + locale + "\n" + adminRole;
        byte[] digest = sha.digest(all.getBytes(StandardCharsets.UTF_8));
        return "pg" + major + "-" + HexFormat.of().formatHex(digest, 0, 8);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final Path root;
  private final ConcurrentHashMap<String, ReentrantLock> buildLocks = new ConcurrentHashMap<>();

  public TemplateCache(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** {@code <java.io.tmpdir>/computectl-pgdata-templates}: readable by a non-root Postgres user. */
  public static TemplateCache defaultLocation() {
    return new TemplateCache(
        Path.of(System.getProperty("java.io.tmpdir"), "computectl-pgdata-templates"));
  }

  public Path root() {
    return root;
  }

  /** True when the template for {@code key} is already built. */
  public boolean contains(Key key) {
    return Files.isDirectory(root.resolve(key.directoryName()));
  }

  /** The finished template for {@code key}, built with {@code builder} if it does not exist yet. */
  public Path template(Key key, Builder builder) throws IOException {
    String name = key.directoryName();
    Path target = root.resolve(name);
    if (Files.isDirectory(target)) {
      return target;
    }
    Files.createDirectories(root);
    ReentrantLock local = buildLocks.computeIfAbsent(name, n -> new ReentrantLock());
    local.lock();
    try (FileChannel channel = FileChannel.open(root.resolve("." + name + ".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = lockFile(channel)) {
      if (Files.isDirectory(target)) {
        return target;
      }
      removeLeftovers(name);
      Path temp = root.resolve(".tmp-" + name + "-" + UUID.randomUUID());
      Files.createDirectory(temp);
      try {
        long started = System.nanoTime();
        builder.build(temp);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        log.info("built Postgres template {} in {} ms", target,
            (System.nanoTime() - started) / 1_000_000);
      } finally {
        if (Files.exists(temp)) {
          FileTrees.deleteRecursively(temp);
        }
      }
      return target;
    } finally {
      local.unlock();
    }
  }

  /**
   * A FileLock on the channel. Another TemplateCache of this JVM on the same directory holds the
   * lock through its own channel; the JDK then throws OverlappingFileLockException instead of
   * blocking, so wait and retry.
   */
  private static FileLock lockFile(FileChannel channel) throws IOException {
    long deadline = System.nanoTime() + LOCK_TIMEOUT.toNanos();
    while (true) {
      try {
        return channel.lock();
      } catch (OverlappingFileLockException e) {
        if (System.nanoTime() - deadline > 0) {
          throw new IOException("template lock busy for " + LOCK_TIMEOUT, e);
        }
        try {
          Thread.sleep(LOCK_RETRY_MILLIS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted waiting for the template lock", ie);
        }
      }
    }
  }

  /** Temp directories of builders that died; safe to remove while holding the key's lock. */
  private void removeLeftovers(String name) throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        if (p.getFileName().toString().startsWith(".tmp-" + name + "-")) {
          FileTrees.deleteRecursively(p);
        }
      }
    }
  }
}
