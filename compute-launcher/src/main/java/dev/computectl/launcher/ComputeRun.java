package dev.computectl.launcher;

import java.util.Map;

/** Runs one compute until Postgres exits. */
final class ComputeRun {

  private ComputeRun() {}

  static int run(LaunchOptions options, Map<String, String> env) {
    throw new UnsupportedOperationException("starting a compute is not wired yet");
  }
}
