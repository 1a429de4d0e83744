package dev.computectl.core.postgres;

import dev.computectl.core.port.ChildProcess;
import dev.computectl.core.port.ProcessControl;
import dev.computectl.core.port.Signal;

import dev.computectl.core.port.ChildProcess.ExitStatus;
import dev.computectl.core.port.PostgresProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A postmaster that {@link PostgresRunner} started and that became ready. */
public final class RunningPostgres implements PostgresProcess {

  private static final Logger log = LoggerFactory.getLogger(RunningPostgres.class);
  /** After SIGKILL the kernel frees the process quickly; longer means something is badly wrong. */
  private static final Duration REAP_AFTER_KILL = Duration.ofSeconds(30);

  private final ChildProcess child;
  private final ProcessControl control;
  private final Path pgdata;
  private final Duration startupTime;
  private final PostmasterOutput output;

  RunningPostgres(ChildProcess child, ProcessControl control, Path pgdata, Duration startupTime) {
    this(child, control, pgdata, startupTime, new PostmasterOutput(line -> { }));
  }

  RunningPostgres(ChildProcess child, ProcessControl control, Path pgdata, Duration startupTime,
      PostmasterOutput output) {
    this.child = child;
    this.control = control;
    this.pgdata = pgdata;
    this.startupTime = startupTime;
    this.output = output;
  }

  @Override
  public long errorMark() {
    return output.mark();
  }

  @Override
  public java.util.List<String> errorsSince(long mark) {
    return output.since(mark);
  }

  @Override
  public long pid() {
    return child.pid();
  }

  @Override
  public boolean isAlive() {
    return child.isAlive();
  }

  /** Completes when the postmaster has exited and been reaped. */
  @Override
  public CompletableFuture<ExitStatus> onExit() {
    return child.onExit();
  }

  public Path pgdata() {
    return pgdata;
  }

  /** From spawning the postmaster to {@code ready} in postmaster.pid. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Sends SIGHUP: Postgres rereads its configuration files. */
  @Override
  public void reload() throws IOException {
    control.signal(child.pid(), Signal.HUP);
  }

  /**
   * Stops the postmaster with {@code signal} ({@link Signal#INT} fast, {@link Signal#QUIT}
   * immediate, {@link Signal#TERM} smart), sends SIGKILL if it is still there after {@code grace},
   * and always waits until it is reaped.
   */
  @Override
  public ExitStatus stop(Signal signal, Duration grace) throws IOException {
    return stopChild(child, control, signal, grace);
  }

  static ExitStatus stopChild(ChildProcess child, ProcessControl control, Signal signal,
      Duration grace) throws IOException {
    CompletableFuture<ExitStatus> exit = child.onExit();
    if (!exit.isDone()) {
      signalIfAlive(child, control, signal);
      try {
        return exit.get(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        log.warn("postgres pid {} still running {} after SIG{}; sending SIGKILL", child.pid(),
            grace, signal);
        signalIfAlive(child, control, Signal.KILL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping postgres pid " + child.pid(), e);
      } catch (ExecutionException e) {
        throw new IOException("waiting for postgres pid " + child.pid() + " failed", e);
      }
    }
    try {
      return exit.get(REAP_AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reaping postgres pid " + child.pid(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("postgres pid " + child.pid() + " did not go away after SIGKILL", e);
    }
  }

  private static void signalIfAlive(ChildProcess child, ProcessControl control, Signal signal)
      throws IOException {
    try {
      control.signal(child.pid(), signal);
    } catch (IOException e) {
      // It may have exited between the check and the signal; only a live child is an error.
      if (child.isAlive()) {
        throw e;
      }
    }
  }

  @Override
  public String toString() {
    return "postgres pid " + pid() + " on " + pgdata;
  }
}
