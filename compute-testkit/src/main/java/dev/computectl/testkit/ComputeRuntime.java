package dev.computectl.testkit;

import dev.computectl.spec.ComputeStatus;
import java.util.List;
import java.util.Optional;

/** How a {@link TestCompute} runs: in this JVM or as a {@code compute_ctl.jar} child process. */
interface ComputeRuntime extends AutoCloseable {

  int externalPort();

  int internalPort();

  /** The status straight from the node (embedded) or over HTTP (subprocess). */
  ComputeStatus status();

  /** The compute's error text, when it has one. */
  Optional<String> error();

  /** Set once compute_ctl has ended (its exit code). */
  Optional<Integer> exitCode();

  /** The postmaster pid while known. */
  Optional<Long> postmasterPid();

  List<String> logLines();

  /** Stops everything this runtime started; never throws. */
  @Override
  void close();
}
