package dev.computectl.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmallPartsTest {

  @Test
  void redactMasksUserInfoPasswordAndPasswordParameter() {
    assertThat(Redact.connstr(URI.create("postgresql://admin:s3cret@db:5432/postgres")))
        .isEqualTo("postgresql://admin:***@db:5432/postgres");
    assertThat(Redact.connstr(URI.create("postgresql://db/postgres?user=a&password=x1&ssl=1")))
        .isEqualTo("postgresql://db/postgres?user=a&password=***&ssl=1");
    assertThat(Redact.connstr(URI.create("postgresql://admin@db/postgres")))
        .isEqualTo("postgresql://admin@db/postgres");
  }

  @Test
  void templateCacheFollowsXdgThenHomeAndAvoidsRootsHome() {
    assertThat(DefaultPaths.templateCache(Map.of("XDG_CACHE_HOME", "/x/cache"), "ann",
        "/home/ann", "/tmp")).isEqualTo(Path.of("/x/cache/compute_ctl/templates"));
    assertThat(DefaultPaths.templateCache(Map.of(), "ann", "/home/ann", "/tmp"))
        .isEqualTo(Path.of("/home/ann/.cache/compute_ctl/templates"));
    assertThat(DefaultPaths.templateCache(Map.of("XDG_CACHE_HOME", "/root/.cache"), "root",
        "/root", "/var/tmp")).isEqualTo(Path.of("/var/tmp/compute_ctl-templates"));
  }

  private static ComputeSpec spec(String settings) throws Exception {
    return SpecJson.readSpec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": -1,"
        + " \"cluster\": {\"roles\": [{\"name\": \"app owner\"}], \"databases\":"
        + " [{\"name\": \"shop\", \"owner\": \"app owner\"}]" + settings + "}}");
  }

  @Test
  void portOverrideReplacesOrAddsThePortSettingAndKeepsTheRest() throws Exception {
    ComputeSpec withPort = spec(", \"settings\": [{\"name\": \"port\", \"value\": \"55433\","
        + " \"vartype\": \"integer\"}, {\"name\": \"work_mem\", \"value\": \"4MB\","
        + " \"vartype\": \"string\"}]");
    ComputeSpec changed = PortOverrideSource.withPort(withPort, 6000);
    assertThat(changed.cluster().setting("port")).contains("6000");
    assertThat(changed.cluster().setting("work_mem")).contains("4MB");
    assertThat(changed.cluster().roles()).isEqualTo(withPort.cluster().roles());
    assertThat(PortOverrideSource.withPort(spec(""), 6001).cluster().setting("port"))
        .contains("6001");
  }

  @Test
  void connstrDefaultsToTheSpecPortAndCloudAdmin() throws Exception {
    LaunchOptions options = options("-D", "/d");
    ComputeSpec spec = spec(", \"settings\": [{\"name\": \"port\", \"value\": \"55433\","
        + " \"vartype\": \"integer\"}]");
    assertThat(ConnectionSettings.connstr(options, Optional.of(spec)))
        .isEqualTo(URI.create("postgresql://cloud_admin@127.0.0.1:55433/postgres"));
    assertThat(ConnectionSettings.connstr(options("-D", "/d", "--pg-port", "7000"),
        Optional.of(spec))).isEqualTo(URI.create("postgresql://cloud_admin@127.0.0.1:7000/postgres"));
    assertThat(ConnectionSettings.connstr(options, Optional.empty()).getPort()).isEqualTo(5432);
    assertThat(ConnectionSettings.adminRole(options("-D", "/d", "-C",
        "postgresql://admin:pw@h/postgres"))).isEqualTo("admin");
  }

  @Test
  void psqlHintUsesTheFirstDatabaseOwnerAndQuotesForTheShell() throws Exception {
    assertThat(PsqlHint.of(URI.create("postgresql://cloud_admin@127.0.0.1:55433/postgres"),
        Optional.of(spec("")))).isEqualTo("psql -h 127.0.0.1 -p 55433 -U 'app owner' shop");
    assertThat(PsqlHint.of(URI.create("postgresql://cloud_admin:pw@127.0.0.1:5/postgres"),
        Optional.empty())).isEqualTo("psql -h 127.0.0.1 -p 5 -U cloud_admin postgres");
  }

  private static LaunchOptions options(String... args) throws Exception {
    LaunchOptions[] seen = new LaunchOptions[1];
    new ComputeCtlCommand(Map.of(), new ComputeCtlCommand.Actions() {
      @Override
      public int run(LaunchOptions o) {
        seen[0] = o;
        return 0;
      }

      @Override
      public int checkConfig(LaunchOptions o) {
        return 0;
      }

      @Override
      public int printPlan(LaunchOptions o) {
        return 0;
      }
    }).execute(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()), args);
    return seen[0];
  }
}
