package dev.computectl.core.internal.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What TLS changes in postgresql.conf and pg_hba.conf, and when it is on. */
class TlsConfigLinesTest {

  @TempDir Path pgdata;

  private static ComputeSpec spec(String features, String extraSetting) throws Exception {
    return SpecJson.readSpec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": 300,"
        + " \"features\": [" + features + "],"
        + " \"cluster\": {\"roles\": [], \"databases\": [], \"settings\": [{\"name\":"
        + " \"work_mem\", \"value\": \"4MB\", \"vartype\": \"string\"}" + extraSetting + "]}}");
  }

  private static ComputeCtlConfig withTls() {
    return new ComputeCtlConfig(ComputeCtlConfig.defaults().jwks(),
        new TlsConfig("/etc/tls/tls.key", "/etc/tls/tls.crt"));
  }

  @Test
  void postgresqlConfTurnsSslOnWithTheCopiesBeforeTheSpecSettings() throws Exception {
    ConfParams params = new ConfParams("*", null, null, null, null, null, false);
    List<String> with = Files.readAllLines(new PostgresConfWriter()
        .write(pgdata, spec("", ""), params, List.of(), true).file());
    assertThat(with).containsSubsequence("ssl = on", "ssl_cert_file = 'server.crt'",
        "ssl_key_file = 'server.key'", PostgresConfWriter.BEGIN_MANAGED, "work_mem = '4MB'");
    List<String> without = Files.readAllLines(new PostgresConfWriter()
        .write(pgdata, spec("", ""), params, List.of(), false).file());
    assertThat(without).noneMatch(l -> l.startsWith("ssl"));
  }

  @Test
  void pgHbaOffersOrRequiresHostsslForPasswordRolesOnly() throws Exception {
    PgHbaWriter hba = new PgHbaWriter();
    hba.write(pgdata, "cloud_admin", PgHbaWriter.Tls.OFFERED);
    List<String> offered = Files.readAllLines(pgdata.resolve("pg_hba.conf"));
    assertThat(offered).containsSubsequence("hostssl\tall\tall\tall\tmd5",
        "host\tall\tall\tall\tmd5");
    assertThat(offered).containsSubsequence("hostssl\treplication\tall\tall\tmd5",
        "host\treplication\tall\tall\tmd5");

    hba.write(pgdata, "cloud_admin", PgHbaWriter.Tls.REQUIRED);
    List<String> required = Files.readAllLines(pgdata.resolve("pg_hba.conf"));
    assertThat(required).contains("hostssl\tall\tall\tall\tmd5",
        "hostssl\treplication\tall\tall\tmd5");
    assertThat(required).noneMatch(l -> l.startsWith("host\t") && l.contains("\tall\tall\t"));
    // compute_ctl's own loopback sessions are not affected.
    assertThat(required).contains("host\tall\t\"cloud_admin\"\t127.0.0.1/32\ttrust");
  }

  @Test
  void tlsIsUsedOnlyWithTheFeatureAsInNeon() throws Exception {
    ComputeSpec plain = spec("", "");
    ComputeSpec experimental = spec("\"tls_experimental\"", "");
    assertThat(TlsPolicy.effective(experimental, withTls())).isEqualTo(withTls().tls());
    assertThat(TlsPolicy.effective(plain, withTls())).isNull();
    assertThat(TlsPolicy.effective(experimental, ComputeCtlConfig.defaults())).isNull();
    assertThat(TlsPolicy.effective(experimental, null)).isNull();
    assertThat(TlsPolicy.ignoredWarning(plain, withTls())).contains("tls_experimental");
    assertThat(TlsPolicy.ignoredWarning(experimental, withTls())).isNull();
    assertThat(TlsPolicy.ignoredWarning(plain, ComputeCtlConfig.defaults())).isNull();
  }

  @Test
  void requireTlsIsABoolSetting() throws Exception {
    assertThat(TlsPolicy.required(spec("", ""))).isFalse();
    for (String yes : new String[] {"on", "true", "ON", "1", "yes"}) {
      assertThat(TlsPolicy.required(spec("", ", {\"name\": \"compute_ctl.require_tls\","
          + " \"value\": \"" + yes + "\", \"vartype\": \"bool\"}"))).as(yes).isTrue();
    }
    assertThat(TlsPolicy.required(spec("", ", {\"name\": \"compute_ctl.require_tls\","
        + " \"value\": \"off\", \"vartype\": \"bool\"}"))).isFalse();
  }
}
