package dev.computectl.core.internal.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a program in a session (and process group) of its own with {@code setsid}, which execs
 * it without forking, so the pid we hold stays the program's. A child in the JVM's process group
 * shares every signal sent to that group: Postgres and pgBackRest, which manage process trees of
 * their own, must not be able to signal compute_ctl's JVM (or the test runner it lives in) that
 * way. Without {@code setsid} on the machine the command runs as it is.
 */
public final class OwnSession {

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private OwnSession() {}

  public static List<String> wrap(List<String> command) {
    if (!Files.isExecutable(SETSID)) {
      return command;
    }
    List<String> out = new ArrayList<>(command.size() + 1);
    out.add(SETSID.toString());
    out.addAll(command);
    return out;
  }
}
