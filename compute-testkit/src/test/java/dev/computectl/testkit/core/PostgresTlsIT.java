package dev.computectl.testkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.computectl.core.ComputeException;
import dev.computectl.core.ComputeNode;
import dev.computectl.core.NodeIdentity;
import dev.computectl.core.NodeTimings;
import dev.computectl.core.PostgresOptions;
import dev.computectl.core.port.PgBinaries;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.TlsConfig;
import dev.computectl.spec.api.ConfigurationRequest;
import dev.computectl.testkit.spec.Passwords;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Postgres TLS from {@code compute_ctl_config.tls} on one real compute (shared by the tests, in
 * order): a {@code sslmode=require} password login, the copies in PGDATA, a rotated certificate
 * served after a reload without a restart, {@code compute_ctl.require_tls}, and the errors of a
 * missing file and of TLS required without TLS at configure. The key pairs are made at test time with keytool.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresTlsIT {

  private static final String PASSWORD = "tls-secret-pw";
  private static NodeScratch scratch;
  private static ComputeNode node;
  private static Path key;
  private static Path cert;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    scratch = NodeScratch.create("tls-it-");
    port = scratch.port();
    key = scratch.dir().resolve("tls.key");
    cert = scratch.dir().resolve("tls.crt");
    SelfSignedPair.generate(scratch.dir(), "first.compute.test").writeTo(key, cert);
    node = ComputeNode.builder()
        .identity(NodeIdentity.of("tls-it-" + port))
        .postgres(PostgresOptions.of(scratch.dir().resolve("pgdata"),
                "postgresql://cloud_admin@127.0.0.1:" + port + "/postgres",
                PgBinaries.locate(null, System.getenv()))
            .withTemplateCache(TemplateCache.defaultLocation().root())
            .withSocketDir(scratch.dir().resolve("sock")))
        .timings(NodeTimings.defaults().withStopGrace(Duration.ofSeconds(10))
            .withReadinessTimeout(Duration.ofSeconds(30)))
        .spec(spec(false))
        .computeCtlConfig(tlsConfig(key))
        .build();
    node.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> node.status() == ComputeStatus.RUNNING
        || node.status() == ComputeStatus.FAILED);
    assertThat(node.statusResponse().error()).isNull();
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (scratch != null) {
      scratch.close();
    }
  }

  private static ComputeCtlConfig tlsConfig(Path keyPath) {
    return new ComputeCtlConfig(ComputeCtlConfig.defaults().jwks(),
        new TlsConfig(keyPath.toString(), cert.toString()));
  }

  private static ComputeSpec spec(boolean requireTls) throws Exception {
    return SpecJson.readSpec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": 300,"
        + " \"features\": [\"tls_experimental\"],"
        + " \"cluster\": {\"roles\": [{\"name\": \"alice\", \"encrypted_password\": \""
        + Passwords.md5(PASSWORD, "alice") + "\", \"options\": null}],"
        + " \"databases\": [{\"name\": \"app\", \"owner\": \"alice\", \"options\": null}],"
        + " \"settings\": [{\"name\": \"fsync\", \"value\": \"off\", \"vartype\": \"bool\"}"
        + (requireTls ? ", {\"name\": \"compute_ctl.require_tls\", \"value\": \"on\","
            + " \"vartype\": \"bool\"}" : "")
        + "]}}");
  }

  private static Connection login(String sslmode) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "alice");
    props.setProperty("password", PASSWORD);
    props.setProperty("sslmode", sslmode);
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/app", props);
  }

  @Test
  @Order(1)
  void aPasswordLoginWithSslmodeRequireIsEncrypted() throws Exception {
    try (Connection c = login("require");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT ssl, current_setting('ssl') FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).isTrue();
      assertThat(rs.getString(2)).isEqualTo("on");
    }
    assertThat(servedCertificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=first.compute.test");
  }

  @Test
  @Order(2)
  void theCopiesInPgdataAreThePostgresUsersWithMode0600() throws Exception {
    Path copy = scratch.dir().resolve("pgdata").resolve("server.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
        .isEqualTo("rw-------");
    String expectedOwner = PrivilegeDrop.detect().runAsUser()
        .orElse(System.getProperty("user.name"));
    assertThat(Files.getOwner(copy).getName()).isEqualTo(expectedOwner);
    assertThat(copy).hasSameBinaryContentAs(key);
  }

  @Test
  @Order(3)
  void aRotatedCertificateIsServedAfterAReloadWithoutARestart() throws Exception {
    long postmaster = node.postmasterPid().orElseThrow();
    SelfSignedPair.generate(scratch.dir(), "second.compute.test").writeTo(key, cert);

    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
        .until(() -> servedCertificate().getSubjectX500Principal().getName(),
            "CN=second.compute.test"::equals);
    assertThat(node.postmasterPid()).contains(postmaster);
    try (Connection c = login("require")) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  @Test
  @Order(4)
  void requireTlsRefusesPlainPasswordLogins() throws Exception {
    try (Connection plain = login("disable")) {
      assertThat(plain.isValid(5)).as("TLS is only offered so far").isTrue();
    }
    node.configure(new ConfigurationRequest(spec(true), tlsConfig(key)));
    try {
      assertThatThrownBy(() -> login("disable").close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("pg_hba.conf").hasMessageContaining("no encryption");
      try (Connection c = login("require")) {
        assertThat(c.isValid(5)).isTrue();
      }
    } finally {
      node.configure(new ConfigurationRequest(spec(false), tlsConfig(key)));
    }
  }

  @Test
  @Order(5)
  void aMissingKeyFileIsAConfigureErrorNamingThePath() {
    Path missing = scratch.dir().resolve("no-such.key");
    assertThatThrownBy(() -> node.configure(
        new ConfigurationRequest(spec(false), tlsConfig(missing))))
        .isInstanceOf(ComputeException.class)
        .hasMessageContaining("compute_ctl_config.tls.key_path " + missing + " does not exist");
  }

  @Test
  @Order(6)
  void requiringTlsWithoutTlsConfiguredIsAConfigureError() {
    assertThatThrownBy(() -> node.configure(
        new ConfigurationRequest(spec(true), ComputeCtlConfig.defaults())))
        .isInstanceOf(ComputeException.class)
        .hasMessageContaining("compute_ctl.require_tls is on, but Postgres has no TLS");
  }

  /** The certificate Postgres presents: SSLRequest on a raw socket, then a TLS handshake. */
  private static X509Certificate servedCertificate() throws Exception {
    try (Socket plain = new Socket("127.0.0.1", port)) {
      plain.setSoTimeout(5_000);
      DataOutputStream out = new DataOutputStream(plain.getOutputStream());
      out.writeInt(8);
      out.writeInt(80877103); // SSLRequest
      out.flush();
      assertThat(plain.getInputStream().read()).as("server accepts SSL").isEqualTo('S');
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new RecordingTrust()}, null);
      try (SSLSocket tls = (SSLSocket) context.getSocketFactory()
          .createSocket(plain, "127.0.0.1", port, false)) {
        tls.startHandshake();
        return (X509Certificate) tls.getSession().getPeerCertificates()[0];
      }
    }
  }

  /** Accepts any server: the test reads the certificate, it does not trust it. */
  private static final class RecordingTrust implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
