package dev.computectl.core.internal.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.spec.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy into PGDATA and the checks of the pair. The keys and certificates in
 * {@code src/test/resources/tls} are throwaway, self-signed and used nowhere else: {@code ec*} are
 * EC P-256 with SEC1 keys, {@code rsa} has a PKCS#1 key, {@code ec-pkcs8.key} is {@code ec.key}
 * as PKCS#8 and {@code ec-encrypted.key} the same encrypted.
 */
class TlsFilesTest {

  @TempDir Path pgdata;
  @TempDir Path sources;

  /** Copies a fixture to {@code sources/name}. */
  Path fixture(String resource, String name) throws IOException {
    Path target = sources.resolve(name);
    try (InputStream in = TlsFilesTest.class.getResourceAsStream("/tls/" + resource)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  private TlsConfig pair(String key, String cert) throws IOException {
    return new TlsConfig(fixture(key, "server-source.key").toString(),
        fixture(cert, "server-source.crt").toString());
  }

  @Test
  void copiesKeyAndCertificateWithMode0600() throws Exception {
    TlsFiles files = new TlsFiles(pgdata, PrivilegeDrop.none());
    TlsConfig tls = pair("ec.key", "ec.crt");
    files.install(tls);
    for (String name : new String[] {TlsFiles.SERVER_KEY, TlsFiles.SERVER_CRT}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pgdata.resolve(name))))
          .as(name).isEqualTo("rw-------");
    }
    assertThat(pgdata.resolve(TlsFiles.SERVER_KEY)).hasSameBinaryContentAs(Path.of(tls.keyPath()));
    assertThat(pgdata.resolve(TlsFiles.SERVER_CRT))
        .hasSameBinaryContentAs(Path.of(tls.certPath()));
    assertThat(files.installed()).isEqualTo(tls);
  }

  @Test
  void acceptsPkcs1RsaAndPkcs8Keys() throws Exception {
    new TlsFiles(pgdata, PrivilegeDrop.none()).install(pair("rsa.key", "rsa.crt"));
    new TlsFiles(pgdata, PrivilegeDrop.none()).install(pair("ec-pkcs8.key", "ec.crt"));
    assertThat(pgdata.resolve(TlsFiles.SERVER_KEY))
        .hasSameBinaryContentAs(sources.resolve("server-source.key"));
  }

  @Test
  void aMissingFileIsAnErrorNamingItsPath() throws Exception {
    TlsFiles files = new TlsFiles(pgdata, PrivilegeDrop.none());
    Path cert = fixture("ec.crt", "present.crt");
    TlsConfig tls = new TlsConfig(sources.resolve("absent.key").toString(), cert.toString());
    assertThatThrownBy(() -> files.install(tls))
        .isInstanceOf(IOException.class)
        .hasMessage("compute_ctl_config.tls.key_path " + sources.resolve("absent.key")
            + " does not exist");
    assertThat(pgdata.resolve(TlsFiles.SERVER_KEY)).doesNotExist();
  }

  @Test
  void aDirectoryInsteadOfAFileIsAnErrorNamingItsPath() throws Exception {
    Path key = fixture("ec.key", "k.key");
    TlsConfig tls = new TlsConfig(key.toString(), sources.toString());
    assertThatThrownBy(() -> new TlsFiles(pgdata, PrivilegeDrop.none()).install(tls))
        .hasMessageStartingWith("compute_ctl_config.tls.cert_path " + sources
            + " cannot be read");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    assertThatThrownBy(() -> new TlsFiles(pgdata, PrivilegeDrop.none())
        .install(pair("ec2.key", "ec.crt")))
        .hasMessageContaining("does not belong to the certificate")
        .hasMessageContaining("server-source.key").hasMessageContaining("CN=compute-test-ec");
    assertThatThrownBy(() -> new TlsFiles(pgdata, PrivilegeDrop.none())
        .install(pair("rsa.key", "ec.crt")))
        .hasMessageContaining("does not belong to the certificate");
  }

  @Test
  void anEncryptedKeyOrAFileWithoutPemIsRefused() throws Exception {
    assertThatThrownBy(() -> new TlsFiles(pgdata, PrivilegeDrop.none())
        .install(pair("ec-encrypted.key", "ec.crt")))
        .hasMessageContaining("is encrypted");
    assertThatThrownBy(() -> new TlsFiles(pgdata, PrivilegeDrop.none())
        .install(pair("ec.crt", "ec.crt")))
        .hasMessageContaining("holds no PEM private key");
    assertThatThrownBy(() -> new TlsFiles(pgdata, PrivilegeDrop.none())
        .install(pair("ec.key", "ec.key")))
        .hasMessageContaining("compute_ctl_config.tls.cert_path")
        .hasMessageContaining("certificate");
  }

  @Test
  void aRotationIsNoticedOnceAndCopied() throws Exception {
    TlsFiles files = new TlsFiles(pgdata, PrivilegeDrop.none());
    files.install(pair("ec.key", "ec.crt"));
    assertThat(files.refreshIfChanged()).as("nothing changed").isFalse();

    // The new pair replaces the old one by rename, as secret mounts and cert-manager do.
    fixture("ec2.key", "next.key");
    fixture("ec2.crt", "next.crt");
    Files.move(sources.resolve("next.key"), sources.resolve("server-source.key"),
        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(sources.resolve("next.crt"), sources.resolve("server-source.crt"),
        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    assertThat(files.refreshIfChanged()).isTrue();
    assertThat(pgdata.resolve(TlsFiles.SERVER_CRT))
        .hasSameBinaryContentAs(sources.resolve("server-source.crt"));
    assertThat(files.refreshIfChanged()).as("already copied").isFalse();
  }

  @Test
  void aHalfDoneRotationKeepsTheOldCopiesAndIsRetried() throws Exception {
    TlsFiles files = new TlsFiles(pgdata, PrivilegeDrop.none());
    files.install(pair("ec.key", "ec.crt"));
    byte[] oldCert = Files.readAllBytes(pgdata.resolve(TlsFiles.SERVER_CRT));

    fixture("ec2.crt", "server-source.crt"); // the certificate first, the key not yet
    assertThatThrownBy(files::refreshIfChanged).hasMessageContaining("does not belong");
    assertThat(pgdata.resolve(TlsFiles.SERVER_CRT)).hasBinaryContent(oldCert);

    fixture("ec2.key", "server-source.key");
    assertThat(files.refreshIfChanged()).isTrue();
    assertThat(pgdata.resolve(TlsFiles.SERVER_KEY))
        .hasSameBinaryContentAs(sources.resolve("server-source.key"));
  }

  @Test
  void forgettingTlsStopsTheChecks() throws Exception {
    TlsFiles files = new TlsFiles(pgdata, PrivilegeDrop.none());
    files.install(pair("ec.key", "ec.crt"));
    files.install(null);
    fixture("ec2.crt", "server-source.crt");
    assertThat(files.refreshIfChanged()).isFalse();
    assertThat(files.installed()).isNull();
  }
}
