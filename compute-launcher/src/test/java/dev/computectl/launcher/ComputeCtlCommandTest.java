package dev.computectl.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.computectl.launcher.LaunchOptions.Action;
import dev.computectl.launcher.LogSetup.LogFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComputeCtlCommandTest {

  private final Map<String, String> env = new HashMap<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private LaunchOptions seen;

  private int execute(String... args) {
    ComputeCtlCommand command = new ComputeCtlCommand(env, new ComputeCtlCommand.Actions() {
      @Override
      public int run(LaunchOptions options) {
        seen = options;
        return 0;
      }

      @Override
      public int checkConfig(LaunchOptions options) {
        seen = options;
        return 0;
      }

      @Override
      public int printPlan(LaunchOptions options) {
        seen = options;
        return 0;
      }
    });
    try {
      return command.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    } catch (Exception e) {
      throw new AssertionError("the actions here throw nothing", e);
    }
  }

  private void assertUsageError(String expectedText, String... args) {
    assertThat(execute(args)).isEqualTo(ExitCode.USAGE);
    assertThat(seen).as("no action runs on a usage error").isNull();
    assertThat(err.toString()).contains(expectedText);
    assertThat(err.toString().strip().lines()).as("one line").hasSize(1);
  }

  @Test
  void helpPrintsUsageWithEveryFlagAndTheExitCodes() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString())
        .startsWith("Usage: compute_ctl")
        .contains("-D,--pgdata=<dir>", "-C,--connstr=<url>", "-S,--spec-path=<file>",
            "-b,--pgbin=<path>", "-c,--config=<file>", "-i,--compute-id=<id>",
            "-p,--control-plane-uri=<url>", "--external-http-port=<port>",
            "--internal-http-port=<port>", "--privileged-role-name=<name>", "--pg-port=<port>",
            "--pg-socket-dir=<dir>", "--check-config", "--print-plan", "--template-cache=<dir>", "--log-format=<text|json>",
            "--recovery-window=<seconds>", "--failed-start-exit-delay=<seconds>",
            "Exit codes:");
    // Every environment variable compute_ctl reads (ComputeCtlCommand, PgBinaries, DefaultPaths,
    // LogSetup, ComputeRun, PgBackRest and setpriv lookups).
    for (String variable : List.of("POSTGRES_PATH", "COMPUTE_PG_BIN", "PATH",
        "NEON_CONTROL_PLANE_TOKEN", "COMPUTE_CTL_LOG_LEVEL", "XDG_CACHE_HOME")) {
      assertThat(out.toString()).containsPattern("(?m)^  " + variable + " ");
    }
    assertThat(seen).isNull();
  }

  @Test
  void shortRunCommandGetsTheDefaults() {
    assertThat(execute("-D", "/tmp/pgdata", "-S", "spec.json")).isZero();
    assertThat(seen.action()).isEqualTo(Action.RUN);
    assertThat(seen.pgdata()).contains(Path.of("/tmp/pgdata"));
    assertThat(seen.specPath()).contains(Path.of("spec.json"));
    assertThat(seen.computeId()).isEqualTo("compute");
    assertThat(seen.externalHttpPort()).isEqualTo(3080);
    assertThat(seen.internalHttpPort()).isEqualTo(3081);
    assertThat(seen.privilegedRoleName()).isEqualTo("neon_superuser");
    assertThat(seen.connstr()).isEmpty();
    assertThat(seen.pgbin()).isEmpty();
    assertThat(seen.logFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(seen.logLevel()).isEqualTo(Level.INFO);
    assertThat(seen.recoveryWindow()).isEqualTo(Duration.ZERO);
    assertThat(seen.failedStartExitDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(seen.failpoints()).isFalse();
    assertThat(seen.pgSocketDir()).as("Postgres's own default").isEmpty();
  }

  @Test
  void pgSocketDirMustBeAnExistingDirectory(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    assertThat(execute("-D", "/d", "-S", "spec.json", "--pg-socket-dir", tmp.toString()))
        .isZero();
    assertThat(seen.pgSocketDir()).contains(tmp);
    seen = null;
    Path missing = tmp.resolve("missing");
    assertUsageError("--pg-socket-dir " + missing + " is not a directory",
        "-D", "/d", "--pg-socket-dir", missing.toString());
    seen = null;
    err.getBuffer().setLength(0);
    Path file = java.nio.file.Files.writeString(tmp.resolve("file"), "");
    assertUsageError("--pg-socket-dir " + file + " is not a directory",
        "-D", "/d", "--pg-socket-dir", file.toString());
  }

  @Test
  void failpointsAreOnlyEnabledOnRequest() {
    assertThat(execute("-D", "/d", "-S", "spec.json", "--enable-failpoints")).isZero();
    assertThat(seen.failpoints()).isTrue();
  }

  @Test
  void recoveryWindowIsGivenInSeconds() {
    assertThat(execute("-D", "/d", "-c", "config.json", "--recovery-window", "90")).isZero();
    assertThat(seen.recoveryWindow()).isEqualTo(Duration.ofSeconds(90));
    seen = null;
    assertThat(execute("-D", "/d", "-p", "http://cplane/", "-i", "c1", "--recovery-window=0"))
        .isZero();
    assertThat(seen.recoveryWindow()).isEqualTo(Duration.ZERO);
  }

  @Test
  void failedStartExitDelayIsGivenInSecondsAndZeroIsAllowed() {
    assertThat(execute("-D", "/d", "--failed-start-exit-delay", "0")).isZero();
    assertThat(seen.failedStartExitDelay()).isEqualTo(Duration.ZERO);
    seen = null;
    assertThat(execute("-D", "/d", "-S", "spec.json", "--failed-start-exit-delay=5")).isZero();
    assertThat(seen.failedStartExitDelay()).isEqualTo(Duration.ofSeconds(5));
    seen = null;
    assertUsageError("--failed-start-exit-delay -1 must be 0 or more seconds",
        "-D", "/d", "--failed-start-exit-delay", "-1");
  }

  @Test
  void recoveryWindowMustNotBeNegative() {
    assertUsageError("--recovery-window -5 must be 0 or more seconds",
        "-D", "/d", "-S", "spec.json", "--recovery-window", "-5");
  }

  @Test
  void recoveryWindowNeedsASourceToRefetchFrom() {
    assertUsageError("--recovery-window needs -S/--spec-path, -c/--config or -p",
        "-D", "/d", "--recovery-window", "30");
  }

  @Test
  void recoveryWindowMustBeANumber() {
    assertThat(execute("-D", "/d", "-S", "spec.json", "--recovery-window", "2m"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--recovery-window");
    assertThat(seen).isNull();
  }

  @Test
  void seedReadmeFlagsParse() {
    assertThat(execute("-D", "/var/db/postgres/compute", "-C",
        "postgresql://cloud_admin@localhost/postgres", "-S", "/var/db/spec.json", "-b",
        "/usr/local/bin/postgres")).isZero();
    assertThat(seen.connstr()).contains(URI.create("postgresql://cloud_admin@localhost/postgres"));
    assertThat(seen.pgbin()).contains(Path.of("/usr/local/bin/postgres"));
  }

  @Test
  void emptyComputeNeedsNoSpecSource() {
    assertThat(execute("-D", "/tmp/pgdata")).isZero();
    assertThat(seen.specSource()).isEmpty();
    assertThat(seen.controlPlaneUri()).isEmpty();
  }

  @Test
  void controlPlaneWithComputeId() {
    assertThat(execute("-D", "/d", "-p", "http://cplane:9090/", "-i", "compute-1")).isZero();
    assertThat(seen.controlPlaneUri()).contains(URI.create("http://cplane:9090/"));
    assertThat(seen.computeId()).isEqualTo("compute-1");
  }

  @Test
  void pgbinDefaultsToPostgresPathEnv() {
    env.put("POSTGRES_PATH", "/opt/pg/bin/postgres");
    assertThat(execute("-D", "/d")).isZero();
    assertThat(seen.pgbin()).contains(Path.of("/opt/pg/bin/postgres"));
    assertThat(seen.pgbinSetting()).isEqualTo("POSTGRES_PATH");
    assertThat(execute("-D", "/d", "-b", "/usr/bin/postgres")).isZero();
    assertThat(seen.pgbin()).as("the flag wins").contains(Path.of("/usr/bin/postgres"));
    assertThat(seen.pgbinSetting()).isEqualTo("-b/--pgbin");
  }

  @Test
  void aBadPostgresPathIsReportedAsTheVariableNotTheFlag() {
    env.put("POSTGRES_PATH", "/bad");
    assertUsageError("POSTGRES_PATH must be the path of the postgres binary (ending in"
        + " `postgres`), got /bad", "-D", "/d");
    assertThat(err.toString()).doesNotContain("--pgbin");
  }

  @Test
  void logFormatIsCaseInsensitiveAndLevelComesFromEnv() {
    env.put("COMPUTE_CTL_LOG_LEVEL", "debug");
    assertThat(execute("-D", "/d", "--log-format", "JSON")).isZero();
    assertThat(seen.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(seen.logLevel()).isEqualTo(Level.DEBUG);
  }

  @Test
  void checkConfigAndPrintPlanSelectTheirAction() {
    assertThat(execute("--check-config", "-S", "spec.json")).isZero();
    assertThat(seen.action()).isEqualTo(Action.CHECK_CONFIG);
    assertThat(seen.pgdata()).isEmpty();
    seen = null;
    assertThat(execute("--print-plan", "-c", "config.json", "-C",
        "postgresql://u@h:5/postgres")).isZero();
    assertThat(seen.action()).isEqualTo(Action.PRINT_PLAN);
    assertThat(seen.configPath()).contains(Path.of("config.json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app_admin", "neon_superuser", "_", "abc"})
  void privilegedRoleNamesThatPass(String name) {
    assertThat(execute("-D", "/d", "--privileged-role-name", name)).isZero();
    assertThat(seen.privilegedRoleName()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"AppAdmin", "app$admin", "app\"admin", "", "app admin", "app1"})
  void privilegedRoleNamesThatFail(String name) {
    assertUsageError("--privileged-role-name", "-D", "/d", "--privileged-role-name", name);
  }

  @Test
  void unknownFlagIsAUsageError() {
    assertUsageError("Unknown option: '--frobnicate'", "-D", "/d", "--frobnicate");
  }

  @Test
  void missingPgdataIsAUsageError() {
    assertUsageError("missing -D/--pgdata", "-S", "spec.json");
  }

  @Test
  void twoSpecSourcesAreAUsageError() {
    assertUsageError("give only one of", "-D", "/d", "-S", "a.json", "-c", "b.json");
  }

  @Test
  void configConflictsWithControlPlane() {
    assertUsageError("give only one of", "-D", "/d", "-c", "b.json", "-p", "http://cp",
        "-i", "x");
  }

  @Test
  void controlPlaneNeedsAComputeId() {
    assertUsageError("needs -i/--compute-id", "-D", "/d", "-p", "http://cp");
  }

  @Test
  void controlPlaneMustBeHttp() {
    assertUsageError("must be an http:// or https:// URL", "-D", "/d", "-p", "ftp://cp",
        "-i", "x");
  }

  @Test
  void checkConfigNeedsASpec() {
    assertUsageError("--check-config needs a spec", "--check-config");
  }

  @Test
  void checkConfigAndPrintPlanExcludeEachOther() {
    assertUsageError("cannot be combined", "--check-config", "--print-plan", "-S", "s.json");
  }

  @Test
  void pgbinMustNamePostgres() {
    assertUsageError("-b/--pgbin must be the path of the postgres binary", "-D", "/d", "-b",
        "/usr/lib/postgresql/15/bin/pg_ctl");
  }

  @Test
  void connstrMustBeAPostgresUrlAndItsPasswordIsNotEchoed() {
    assertUsageError("must be a postgresql:// URL", "-D", "/d", "-C", "mysql://u:pw@h/db");
    err.getBuffer().setLength(0);
    assertUsageError("-C/--connstr is not a valid URL", "-D", "/d", "-C",
        "postgresql://u:secret pw@h/db");
    assertThat(err.toString()).doesNotContain("secret");
  }

  @Test
  void portsAreChecked() {
    assertUsageError("--external-http-port 70000 is not a port", "-D", "/d",
        "--external-http-port", "70000");
    err.getBuffer().setLength(0);
    assertUsageError("are both 4000", "-D", "/d", "--external-http-port", "4000",
        "--internal-http-port", "4000");
    err.getBuffer().setLength(0);
    assertUsageError("--pg-port 0 is not a port", "-D", "/d", "--pg-port", "0");
  }

  @Test
  void freePortsMayBothBeZero() {
    assertThat(execute("-D", "/d", "--external-http-port", "0", "--internal-http-port", "0",
        "--pg-port", "55433")).isZero();
    assertThat(seen.pgPort()).isEqualTo(Optional.of(55433));
  }

  @Test
  void badLogLevelIsAUsageError() {
    env.put("COMPUTE_CTL_LOG_LEVEL", "loud");
    assertUsageError("COMPUTE_CTL_LOG_LEVEL=loud is not a level", "-D", "/d");
  }

  @Test
  void badLogFormatIsAUsageError() {
    assertUsageError("--log-format", "-D", "/d", "--log-format", "xml");
  }

  @Test
  void optionsNeverShowTheConnstrPassword() {
    assertThat(execute("-D", "/d", "-C", "postgresql://admin:hunter2@127.0.0.1:5432/postgres"))
        .isZero();
    assertThat(seen.toString()).doesNotContain("hunter2").contains("admin:***@");
  }

  @Test
  void aFlagWithoutItsValueIsAUsageErrorNamingTheValue() {
    assertUsageError("-D/--pgdata needs a value <dir>", "-S", "spec.json", "-D");
  }

  @Test
  void aValueFlagGivenTwiceIsAUsageError() {
    assertUsageError("-D/--pgdata is given more than once", "-D", "/a", "--pgdata=/b");
  }

  @Test
  void aStrayArgumentIsAUsageError() {
    assertUsageError("Unexpected argument: 'spec.json'", "-D", "/d", "spec.json");
  }

  @Test
  void aLongFlagIsNeverAbbreviated() {
    assertUsageError("Unknown option: '--pgdat'", "--pgdat", "/d");
  }

  @Test
  void aPortThatIsNoNumberIsAUsageError() {
    assertUsageError("Invalid value for option '--pg-port': 'abc' is not a whole number",
        "-D", "/d", "--pg-port", "abc");
  }

  @Test
  void versionPrintsTheLauncherVersion() {
    assertThat(execute("--version")).isZero();
    assertThat(out.toString()).startsWith("compute_ctl ");
    assertThat(execute("-V")).isZero();
    assertThat(seen).isNull();
  }
}
