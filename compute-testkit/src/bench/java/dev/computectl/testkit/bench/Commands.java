package dev.computectl.testkit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short external command to completion, output captured (for psql, initdb, pg_ctl). */
final class Commands {

  private static final long TIMEOUT_MINUTES = 10;

  private Commands() {}

  record Result(int exitCode, String output) {}

  static Result run(List<String> command, Path workDir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    String text = new String(out, StandardCharsets.UTF_8);
    return new Result(p.exitValue(), text.length() > 2000 ? text.substring(0, 2000) : text);
  }

  /** Like {@link #run} but fails unless the exit code is 0. */
  static void check(List<String> command, Path workDir) throws IOException, InterruptedException {
    Result r = run(command, workDir);
    if (r.exitCode() != 0) {
      throw new IOException(command.get(0) + " failed (" + r.exitCode() + "): " + r.output());
    }
  }
}
