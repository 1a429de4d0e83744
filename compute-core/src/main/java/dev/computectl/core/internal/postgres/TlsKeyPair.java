package dev.computectl.core.internal.postgres;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a PEM key and certificate chain before they go to Postgres: the certificate parses, the
 * key is a private key Postgres can load without a passphrase, and (for RSA, EC and Ed25519) the
 * key belongs to the first certificate, so a half-rotated pair is caught here and not by a
 * postmaster that refuses to start.
 */
final class TlsKeyPair {

  private static final Pattern PEM_KEY = Pattern.compile(
      "-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----(.*?)-----END \\1-----",
      Pattern.DOTALL);
  private static final byte[] PROBE = "compute_ctl key check".getBytes(StandardCharsets.UTF_8);

  private TlsKeyPair() {}

  /**
   * @param keyName and {@code certName} name the files in errors
   * @throws IOException naming the file that is wrong and why
   */
  static void check(byte[] key, String keyName, byte[] cert, String certName) throws IOException {
    X509Certificate first = firstCertificate(cert, certName);
    String keyText = new String(key, StandardCharsets.US_ASCII);
    Matcher m = PEM_KEY.matcher(keyText);
    if (!m.find()) {
      throw new IOException(keyName + " holds no PEM private key (-----BEGIN ... PRIVATE KEY-----)");
    }
    String type = m.group(1);
    if (type.startsWith("ENCRYPTED") || keyText.contains("Proc-Type: 4,ENCRYPTED")) {
      throw new IOException(keyName + " is encrypted; Postgres would need a passphrase: give an"
          + " unencrypted key");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2).strip());
    } catch (IllegalArgumentException e) {
      throw new IOException(keyName + ": the PEM private key is not valid base64");
    }
    PublicKey publicKey = first.getPublicKey();
    String signing = signatureAlgorithm(publicKey.getAlgorithm());
    if (signing == null) {
      return; // a key type we cannot probe: Postgres checks the pair when it loads it
    }
    byte[] pkcs8 = type.equals("PRIVATE KEY") ? der : pkcs8(der, publicKey.getEncoded());
    try {
      PrivateKey privateKey = KeyFactory.getInstance(publicKey.getAlgorithm())
          .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      Signature signer = Signature.getInstance(signing);
      signer.initSign(privateKey);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(signing);
      verifier.initVerify(publicKey);
      verifier.update(PROBE);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // Not a key of the certificate's type, or not one at all: reported as a mismatch below.
    }
    throw new IOException("the private key in " + keyName + " does not belong to the certificate"
        + " in " + certName + " (" + first.getSubjectX500Principal().getName() + ")");
  }

  private static X509Certificate firstCertificate(byte[] cert, String certName)
      throws IOException {
    try {
      Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(cert));
      if (chain.isEmpty()) {
        throw new IOException(certName + " holds no PEM certificate");
      }
      return (X509Certificate) chain.iterator().next();
    } catch (CertificateException e) {
      throw new IOException(certName + " is not a PEM certificate: " + e.getMessage());
    }
  }

  private static String signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm.toUpperCase(Locale.ROOT)) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "ED25519", "EDDSA" -> "Ed25519";
      default -> null;
    };
  }

  /**
   * Wraps a traditional OpenSSL key (PKCS#1 RSA or SEC1 EC) into PKCS#8, borrowing the algorithm
   * identifier (with the curve) from the certificate's SubjectPublicKeyInfo.
   */
  static byte[] pkcs8(byte[] traditional, byte[] subjectPublicKeyInfo) throws IOException {
    int outer = headerLength(subjectPublicKeyInfo, 0);
    int algStart = outer;
    int algEnd = algStart + headerLength(subjectPublicKeyInfo, algStart)
        + contentLength(subjectPublicKeyInfo, algStart);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(new byte[] {0x02, 0x01, 0x00}); // version 0
    body.write(subjectPublicKeyInfo, algStart, algEnd - algStart);
    body.write(tlv(0x04, traditional));
    return tlv(0x30, body.toByteArray());
  }

  private static int headerLength(byte[] der, int at) throws IOException {
    requireIndex(der, at + 1);
    int first = der[at + 1] & 0xff;
    return first < 0x80 ? 2 : 2 + (first & 0x7f);
  }

  private static int contentLength(byte[] der, int at) throws IOException {
    requireIndex(der, at + 1);
    int first = der[at + 1] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      requireIndex(der, at + 2 + i);
      length = (length << 8) | (der[at + 2 + i] & 0xff);
    }
    return length;
  }

  private static void requireIndex(byte[] der, int index) throws IOException {
    if (index >= der.length) {
      throw new IOException("truncated DER");
    }
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
