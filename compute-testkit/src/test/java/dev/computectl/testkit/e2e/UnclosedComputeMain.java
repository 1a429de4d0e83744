package dev.computectl.testkit.e2e;

import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.spec.SpecBuilder;

/**
 * A JVM that starts a compute and exits without closing it (as a test whose start failed inside
 * a try-with-resources header would): prints the postmaster's pid and PGDATA, then exits.
 */
public final class UnclosedComputeMain {

  private UnclosedComputeMain() {}

  public static void main(String[] args) {
    TestCompute compute = TestCompute.builder().spec(SpecBuilder.spec()).start().awaitRunning();
    System.out.println("pid=" + compute.postmasterPid().orElseThrow());
    System.out.println("pgdata=" + compute.pgdata());
    System.out.flush();
    System.exit(0);
  }
}
