package dev.computectl.core.internal.postgres;

import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.spec.TlsConfig;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Objects;

/**
 * The TLS key and certificate of one compute: copies {@code compute_ctl_config.tls}'s files into
 * PGDATA as {@code server.key} and {@code server.crt} (mode 0600, owned by the user Postgres runs
 * as: Postgres refuses a key file that others can read) and remembers what it copied, so a
 * rotation of either source file is noticed by comparing modification time, size and inode.
 */
final class TlsFiles {

  static final String SERVER_KEY = "server.key";
  static final String SERVER_CRT = "server.crt";

  private final Path pgdata;
  private final PrivilegeDrop runAs;
  private TlsConfig installed;
  private Stamp installedStamp;

  TlsFiles(Path pgdata, PrivilegeDrop runAs) {
    this.pgdata = Objects.requireNonNull(pgdata);
    this.runAs = Objects.requireNonNull(runAs);
  }

  /**
   * Copies the files of {@code tls} into PGDATA; null forgets the last ones (the copies stay until
   * the next PGDATA preparation, Postgres no longer reads them).
   *
   * @throws IOException naming the source file that is missing, unreadable or wrong
   */
  synchronized void install(TlsConfig tls) throws IOException {
    if (tls == null) {
      installed = null;
      installedStamp = null;
      return;
    }
    // Stamped before reading: a change during the copy is seen by the next check.
    Stamp stamp = Stamp.of(tls);
    byte[] key = read(Path.of(tls.keyPath()), "key_path");
    byte[] cert = read(Path.of(tls.certPath()), "cert_path");
    TlsKeyPair.check(key, describe("key_path", tls.keyPath()), cert,
        describe("cert_path", tls.certPath()));
    writePrivate(pgdata.resolve(SERVER_CRT), cert);
    writePrivate(pgdata.resolve(SERVER_KEY), key);
    installed = tls;
    installedStamp = stamp;
  }

  /**
   * Copies the files again when either source changed since the last copy.
   *
   * @return true when new files were copied (Postgres must reload), false when nothing changed or
   *     no TLS is installed
   * @throws IOException when a source changed but cannot be copied (the old copies stay)
   */
  synchronized boolean refreshIfChanged() throws IOException {
    if (installed == null) {
      return false;
    }
    if (Stamp.of(installed).equals(installedStamp)) {
      return false;
    }
    install(installed);
    return true;
  }

  /** The TLS config whose files are in PGDATA now, or null. */
  synchronized TlsConfig installed() {
    return installed;
  }

  private static byte[] read(Path path, String field) throws IOException {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new IOException(describe(field, path.toString()) + " does not exist");
    } catch (AccessDeniedException e) {
      throw new IOException(describe(field, path.toString()) + " cannot be read: permission denied");
    } catch (IOException e) {
      throw new IOException(describe(field, path.toString()) + " cannot be read: " + e);
    }
  }

  static String describe(String field, String path) {
    return "compute_ctl_config.tls." + field + " " + path;
  }

  /** Written under a temporary name with mode 0600 and the right owner, then renamed. */
  private void writePrivate(Path target, byte[] content) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    try (SeekableByteChannel out = Files.newByteChannel(temp,
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    }
    if (runAs.strategy() == PrivilegeDrop.Strategy.SETPRIV && runAs.runAsUser().isPresent()) {
      String user = runAs.runAsUser().get();
      UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
      PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
      view.setOwner(users.lookupPrincipalByName(user));
      try {
        view.setGroup(users.lookupPrincipalByGroupName(user));
      } catch (IOException noSuchGroup) {
        // Only the owner matters to Postgres.
      }
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** What tells a rotated file from the copied one: modification time, size and inode. */
  record Stamp(FileStamp key, FileStamp cert) {

    static Stamp of(TlsConfig tls) throws IOException {
      return new Stamp(FileStamp.of(Path.of(tls.keyPath()), "key_path"),
          FileStamp.of(Path.of(tls.certPath()), "cert_path"));
    }
  }

  record FileStamp(long modifiedNanos, long size, Object fileKey) {

    static FileStamp of(Path path, String field) throws IOException {
      try {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        return new FileStamp(a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
            a.size(), a.fileKey());
      } catch (NoSuchFileException e) {
        throw new IOException(describe(field, path.toString()) + " does not exist");
      }
    }
  }
}
