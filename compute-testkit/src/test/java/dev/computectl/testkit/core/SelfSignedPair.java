package dev.computectl.testkit.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway EC P-256 key and self-signed certificate made at test time with the JDK's keytool,
 * written as PEM ({@code BEGIN PRIVATE KEY} and {@code BEGIN CERTIFICATE}).
 */
record SelfSignedPair(byte[] keyPem, byte[] certPem, String commonName) {

  private static final char[] PASSWORD = "throwaway".toCharArray();

  static SelfSignedPair generate(Path workDir, String commonName)
      throws IOException, InterruptedException {
    Path store = workDir.resolve(commonName + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "tls",
        "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
        "-dname", "CN=" + commonName, "-validity", "2", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", new String(PASSWORD)))
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASSWORD);
      Certificate cert = ks.getCertificate("tls");
      byte[] key = ks.getKey("tls", PASSWORD).getEncoded();
      return new SelfSignedPair(pem("PRIVATE KEY", key), pem("CERTIFICATE", cert.getEncoded()),
          commonName);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot read the keystore keytool wrote: " + e, e);
    } finally {
      Files.deleteIfExists(store);
    }
  }

  /** Replaces {@code key} and {@code cert} by rename, as a secret mount or cert-manager does. */
  void writeTo(Path key, Path cert) throws IOException {
    replace(key, keyPem);
    replace(cert, certPem);
  }

  private static void replace(Path target, byte[] content) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".new");
    Files.write(temp, content);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static byte[] pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
