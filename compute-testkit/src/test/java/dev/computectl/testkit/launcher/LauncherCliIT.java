package dev.computectl.testkit.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.fixtures.NeonFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's command line: help, usage errors, --check-config on Neon's own fixtures. */
class LauncherCliIT {

  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private LauncherProcess.Result run(String... args) throws Exception {
    return LauncherProcess.run(tmp.resolve("logs"), CLI_TIMEOUT, args);
  }

  @Test
  void helpListsTheFlagsAndExitsZero() throws Exception {
    LauncherProcess.Result r = run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).startsWith("Usage: compute_ctl")
        .contains("--pgdata", "--connstr", "--spec-path", "--pgbin", "--config", "--compute-id",
            "--control-plane-uri", "--external-http-port", "--internal-http-port",
            "--privileged-role-name", "--check-config", "--print-plan", "--template-cache",
            "--log-format", "Exit codes:");
  }

  @Test
  void usageErrorsExitTwoWithOneLine() throws Exception {
    String[][] cases = {
        {"--no-such-flag"},
        {"-S", "spec.json"},
        {"-D", "/tmp/x", "--privileged-role-name", "Bad$Name"},
        {"-D", "/tmp/x", "-c", "config.json", "-p", "http://cplane", "-i", "c1"},
        {"-D", "/tmp/x", "-b", "/usr/bin/pg_ctl"},
    };
    for (String[] args : cases) {
      LauncherProcess.Result r = run(args);
      assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.stderr().strip().lines()).as(String.join(" ", args)).hasSize(1);
      assertThat(r.stderr()).startsWith("compute_ctl: ");
    }
  }

  @Test
  void checkConfigAcceptsNeonsValidSpec() throws Exception {
    LauncherProcess.Result r = run("--check-config", "-S",
        NeonFixtures.copyTo(tmp, "compute_api-cluster_spec.json").toString());
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout()).contains("OK (6 roles, 3 databases")
        .contains("Neon storage rules").doesNotContain("warning");
  }

  @Test
  void checkConfigReportsTheDuplicateSafekeeperWithItsPath() throws Exception {
    LauncherProcess.Result r = run("--check-config", "-S",
        NeonFixtures.copyTo(tmp, "compute_tools-cluster_spec.json").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains(
        "cluster.settings[4].value: duplicate entry in safekeeper_connstrings: 127.0.0.1:6502!");
  }

  @Test
  void checkConfigOfDockerComposeConfigAfterItsPlaceholdersAreFilled() throws Exception {
    Path raw = NeonFixtures.copyTo(tmp, "docker-compose-compute_wrapper-config.json");
    // Neon's compose script substitutes these before it starts compute_ctl.
    String filled = Files.readString(raw, StandardCharsets.UTF_8)
        .replace("TENANT_ID", "5f0e3c9a1b2d4e6f8a0b1c2d3e4f5a6b")
        .replace("TIMELINE_ID", "c0ffee00c0ffee00c0ffee00c0ffee00");
    Path config = Files.writeString(tmp.resolve("config.json"), filled);
    LauncherProcess.Result ok = run("--check-config", "-c", config.toString());
    assertThat(ok.exitCode()).as(ok.stdout()).isZero();
    assertThat(ok.stdout()).contains("OK (1 roles, 0 databases");

    LauncherProcess.Result placeholders = run("--check-config", "-c", raw.toString());
    assertThat(placeholders.exitCode()).isEqualTo(1);
    assertThat(placeholders.stdout()).contains("invalid tenant id 'TENANT_ID'")
        .contains("invalid timeline id 'TIMELINE_ID'");
  }

  @Test
  void checkConfigNamesTheJsonPathOfAParseError() throws Exception {
    Path spec = Files.writeString(tmp.resolve("bad.json"), "{\"format_version\": 1.0,"
        + " \"suspend_timeout_seconds\": -1, \"cluster\": {\"roles\": [{\"name\": 7}],"
        + " \"databases\": []}}");
    LauncherProcess.Result r = run("--check-config", "-S", spec.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains(
        "bad.json: cluster.roles[0].name: expected a string, got the number 7");
  }

  @Test
  void checkConfigOfTheExampleSpec() throws IOException, Exception {
    LauncherProcess.Result r = run("--check-config", "-S",
        Path.of("..", "examples", "spec.json").toString());
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout()).contains("OK (3 roles, 2 databases; checked with vanilla rules)");
  }
}
