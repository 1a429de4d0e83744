package dev.computectl.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --check-config} through the real entry point, on small specs in a temp dir. */
class CheckConfigTest {

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ComputeCtlMain.execute(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path write(String name, String json) throws Exception {
    return Files.writeString(tmp.resolve(name), json);
  }

  @Test
  void validSpecPrintsOkAndExitsZero() throws Exception {
    Path spec = write("spec.json", "{\"format_version\": 1.0, \"suspend_timeout_seconds\": -1,"
        + " \"cluster\": {\"roles\": [{\"name\": \"app\"}], \"databases\": [{\"name\": \"db\","
        + " \"owner\": \"app\"}]}}");
    assertThat(run("--check-config", "-S", spec.toString())).isZero();
    assertThat(stdout()).contains("OK (1 roles, 1 databases; checked with vanilla rules)");
  }

  @Test
  void everyProblemIsPrintedWithItsPath() throws Exception {
    Path spec = write("spec.json", "{\"format_version\": 1.0, \"suspend_timeout_seconds\": -1,"
        + " \"cluster\": {\"roles\": [], \"databases\": [{\"name\": \"db\", \"owner\": \"nobody\"}],"
        + " \"settings\": [{\"name\": \"port\", \"value\": \"99999\", \"vartype\": \"integer\"}]}}");
    assertThat(run("--check-config", "-S", spec.toString())).isEqualTo(ExitCode.FAILURE);
    assertThat(stdout())
        .contains("cluster.databases[0].owner: owner 'nobody'")
        .contains("cluster.settings[0].value: port 99999")
        .contains("2 problems");
  }

  @Test
  void aSpecPortThatDiffersFromTheConnstrIsRefusedAsTheComputeWould() throws Exception {
    Path spec = write("spec.json", "{\"format_version\": 1.0, \"suspend_timeout_seconds\": -1,"
        + " \"cluster\": {\"roles\": [], \"databases\": [], \"settings\": [{\"name\":"
        + " \"port\", \"value\": \"55433\", \"vartype\": \"integer\"}]}}");
    assertThat(run("--check-config", "-S", spec.toString(), "--connstr",
        "postgresql://cloud_admin@127.0.0.1:55432/postgres")).isEqualTo(ExitCode.FAILURE);
    assertThat(stdout()).contains("cluster.settings[0].value").contains("55432");
    out.reset();
    assertThat(run("--check-config", "-S", spec.toString())).as("the connstr follows the spec")
        .isZero();
  }

  @Test
  void configWithoutSpecIsValid() throws Exception {
    Path config = write("config.json", "{\"compute_ctl_config\": {\"jwks\": {\"keys\": []}}}");
    assertThat(run("--check-config", "-c", config.toString())).isZero();
    assertThat(stdout()).contains("a config without a spec");
  }

  @Test
  void unreadableOrMalformedFilesExitOne() throws Exception {
    assertThat(run("--check-config", "-S", tmp.resolve("missing.json").toString()))
        .isEqualTo(ExitCode.FAILURE);
    assertThat(stdout()).contains("missing.json: cannot read");
    Path broken = write("broken.json", "{\"format_version\": 1.0,\n  \"cluster\" {}}");
    assertThat(run("--check-config", "-S", broken.toString())).isEqualTo(ExitCode.FAILURE);
    assertThat(stdout()).contains("broken.json: cluster: invalid JSON at line 2, column 13: unexpected"
        + " character '{', expected ':'");
  }

  @Test
  void aWrongTypeIsNamedInOurWordsWithItsPath() throws Exception {
    Path spec = write("spec.json", "{\"format_version\": 1.0, \"suspend_timeout_seconds\": -1,"
        + " \"cluster\": {\"roles\": [{\"name\": 123}], \"databases\": []}}");
    assertThat(run("--check-config", "-S", spec.toString())).isEqualTo(ExitCode.FAILURE);
    assertThat(stdout()).isEqualTo(
        spec + ": cluster.roles[0].name: expected a string, got the number 123\n");
  }

  @Test
  void unknownFieldsAndVartypesAreWarningsThatStillExitZero() throws Exception {
    Path spec = write("spec.json", "{\"format_version\": 1.0, \"suspend_timeout_seconds\": -1,"
        + " \"surprise\": true, \"cluster\": {\"roles\": [], \"databases\": [], \"settings\":"
        + " [{\"name\": \"work_mem\", \"value\": \"4MB\", \"vartype\": \"bogus\"}]}}");
    assertThat(run("--check-config", "-S", spec.toString())).isZero();
    assertThat(stdout().lines()).containsExactly(
        spec + ": warning: surprise: unknown field, ignored",
        spec + ": warning: cluster.settings[0].vartype: unknown vartype 'bogus' (known: bool,"
            + " enum, integer, real, string); the value is written unquoted, like a non-string"
            + " value",
        spec + ": OK (0 roles, 0 databases; checked with vanilla rules; 2 warnings)");
  }

  @Test
  void anUnsupportedFormatVersionIsAProblem() throws Exception {
    Path spec = write("spec.json", "{\"format_version\": 2.0, \"suspend_timeout_seconds\": -1,"
        + " \"cluster\": {\"roles\": [], \"databases\": []}}");
    assertThat(run("--check-config", "-S", spec.toString())).isEqualTo(ExitCode.FAILURE);
    assertThat(stdout()).contains(spec + ": format_version: format_version 2.0 is not"
        + " supported; this compute_ctl reads format_version 1.0");
  }
}
