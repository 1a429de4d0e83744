package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A compute nobody closed stops its Postgres and removes its work dir when the JVM exits. */
class UnclosedComputeIT {

  @Test
  void theJvmsExitStopsTheComputeItsTestNeverClosed() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process jvm = new ProcessBuilder(List.of(java.toString(), "-cp",
        System.getProperty("java.class.path"), UnclosedComputeMain.class.getName()))
        .redirectErrorStream(true).start();
    String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(jvm.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(jvm.exitValue()).as(output).isZero();
    long pid = Long.parseLong(line(output, "pid="));
    Path pgdata = Path.of(line(output, "pgdata="));

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("postmaster %d stopped at the JVM's exit", pid).isFalse();
    assertThat(pgdata).as("its work dir is gone").doesNotExist();
  }

  private static String line(String output, String prefix) {
    return output.lines().filter(l -> l.startsWith(prefix)).findFirst()
        .map(l -> l.substring(prefix.length()).strip())
        .orElseThrow(() -> new AssertionError("no " + prefix + " line in:\n" + output));
  }
}
