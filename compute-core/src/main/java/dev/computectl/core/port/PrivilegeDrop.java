package dev.computectl.core.port;

import dev.computectl.core.internal.io.ToolRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides how Postgres programs run when this process is root, since initdb and postgres refuse
 * root. The one place that knows this; every command that starts a Postgres program goes through
 * {@link #wrap}, every directory such a program must write goes through {@link #grant}.
 *
 * <ul>
 *   <li>{@link Strategy#NONE}: not root, run commands as they are.
 *   <li>{@link Strategy#SETPRIV}: root and a run-as user (normally {@code postgres}) exists:
 *       prefix {@code setpriv --reuid=U --regid=U --init-groups}. setpriv execs, so the spawned
 *       pid is the postmaster's; the paths Postgres writes are chowned to U.
 *   <li>{@link Strategy#USER_NAMESPACE}: root, no such user: prefix {@code unshare -U}; inside the
 *       new user namespace the process is not uid 0, files stay owned by root.
 * </ul>
 */
public final class PrivilegeDrop {

  /** How commands are run. */
  public enum Strategy {
    NONE,
    SETPRIV,
    USER_NAMESPACE
  }

  public static final String DEFAULT_USER = "postgres";
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

  private final Strategy strategy;
  private final String user;

  private PrivilegeDrop(Strategy strategy, String user) {
    this.strategy = Objects.requireNonNull(strategy);
    this.user = user;
  }

  /** Commands run unchanged (this process is not root). */
  public static PrivilegeDrop none() {
    return new PrivilegeDrop(Strategy.NONE, null);
  }

  /** Commands run as {@code user} through setpriv. */
  public static PrivilegeDrop setpriv(String user) {
    return new PrivilegeDrop(Strategy.SETPRIV, Objects.requireNonNull(user));
  }

  /** Commands run in a new user namespace through {@code unshare -U}. */
  public static PrivilegeDrop userNamespace() {
    return new PrivilegeDrop(Strategy.USER_NAMESPACE, null);
  }

  /** Chooses for this process, running as {@link #DEFAULT_USER} when root. */
  public static PrivilegeDrop detect() {
    return detect(DEFAULT_USER);
  }

  /**
   * Chooses for this process: {@code none} when not root; as root, setpriv to {@code runAsUser}
   * when that user exists and setpriv is installed, else {@code unshare -U}.
   *
   * @throws PostgresSetupException when root and neither works
   */
  public static PrivilegeDrop detect(String runAsUser) {
    if (currentUid() != 0) {
      return none();
    }
    if (onPath("setpriv") && userExists(runAsUser)) {
      return setpriv(runAsUser);
    }
    if (onPath("unshare") && unshareWorks()) {
      return userNamespace();
    }
    throw new PostgresSetupException(
        "running as root, and Postgres refuses root: need setpriv and a user '" + runAsUser
            + "', or unshare with user namespaces enabled; or run compute_ctl as a non-root user");
  }

  public Strategy strategy() {
    return strategy;
  }

  /** The user Postgres runs as under setpriv. */
  public Optional<String> runAsUser() {
    return Optional.ofNullable(user);
  }

  /** The command to execute instead of {@code command}; the program it starts keeps the pid. */
  public List<String> wrap(List<String> command) {
    List<String> wrapped = new ArrayList<>();
    switch (strategy) {
      case NONE -> {}
      case SETPRIV -> wrapped.addAll(
          List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups"));
      case USER_NAMESPACE -> wrapped.addAll(List.of("unshare", "-U"));
    }
    wrapped.addAll(command);
    return List.copyOf(wrapped);
  }

  /**
   * Makes {@code path} (recursively) writable by whoever {@link #wrap}ped commands run as: a
   * {@code chown -R} under setpriv, nothing otherwise.
   */
  public void grant(Path path) throws IOException {
    if (strategy != Strategy.SETPRIV) {
      return;
    }
    ToolRunner.run(List.of("chown", "-R", user + ":", path.toString()), Map.of(), TOOL_TIMEOUT);
  }

  /** The uid of this process (no JNI: the JDK's UnixSystem, else {@code id -u}). */
  static long currentUid() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid();
    } catch (LinkageError | RuntimeException e) {
      try {
        return Long.parseLong(ToolRunner.run(List.of("id", "-u"), Map.of(), TOOL_TIMEOUT).strip());
      } catch (IOException | NumberFormatException e2) {
        throw new PostgresSetupException("cannot tell whether this process is root", e2);
      }
    }
  }

  private static boolean userExists(String name) {
    try {
      ToolRunner.run(List.of("id", "-u", name), Map.of(), TOOL_TIMEOUT);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean unshareWorks() {
    try {
      ToolRunner.run(List.of("unshare", "-U", "true"), Map.of(), TOOL_TIMEOUT);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return switch (strategy) {
      case NONE -> "run as this user";
      case SETPRIV -> "setpriv to user " + user;
      case USER_NAMESPACE -> "unshare -U";
    };
  }
}
