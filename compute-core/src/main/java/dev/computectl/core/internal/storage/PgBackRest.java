package dev.computectl.core.internal.storage;

import dev.computectl.core.ComputeLogContext;
import dev.computectl.core.internal.io.OwnSession;
import dev.computectl.core.internal.io.ToolRunner;
import dev.computectl.core.port.PrivilegeDrop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pgBackRest commands for one stanza, as the run-as user, always with our config file. A
 * failure is an {@link IOException} that quotes pgBackRest's own message. The config file may
 * hold repository credentials, so it is passed by path and never read or printed here.
 */
public final class PgBackRest {

  private static final Logger log = LoggerFactory.getLogger(PgBackRest.class);
  /** A long command logs its progress this often. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);

  private final String binary;
  private final Path config;
  private final String stanza;
  private final PrivilegeDrop runAs;

  public PgBackRest(String binary, Path config, String stanza, PrivilegeDrop runAs) {
    this.binary = binary;
    this.config = config;
    this.stanza = stanza;
    this.runAs = runAs;
  }

  public String stanza() {
    return stanza;
  }

  /** The {@code archive_command} Postgres runs for a cluster of {@code stanza} in {@code pgdata}. */
  public static String archiveCommand(String binary, Path config, String stanza, Path pgdata) {
    return binary + " --config=" + config + " --stanza=" + stanza + " --pg1-path=" + pgdata
        + " archive-push %p";
  }

  /**
   * Fails naming the program when it is not there to run: through the privilege drop, a missing
   * program would otherwise surface as the wrapper's exit code 127.
   *
   * @param path the directories a bare program name is looked up in ({@code PATH})
   */
  public static void checkInstalled(String binary, String path) throws IOException {
    if (binary.contains("/")) {
      Path file = Path.of(binary);
      if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isExecutable(file)) {
        throw new IOException("pgbackrest program " + binary + " is not an executable file;"
            + " install pgBackRest (Debian package pgbackrest) or name its path");
      }
      return;
    }
    for (String dir : (path == null ? "" : path).split(":")) {
      if (!dir.isEmpty()) {
        Path file = Path.of(dir, binary);
        if (java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.isExecutable(file)) {
          return;
        }
      }
    }
    throw new IOException("pgbackrest program '" + binary + "' is not on the PATH (" + path
        + "); install pgBackRest (Debian package pgbackrest) or name its path");
  }

  /** {@code info} of this stanza. */
  public RepoInfo info() throws IOException {
    return RepoInfo.parse(run(List.of("--output=json", "info"), Duration.ofMinutes(2), null));
  }

  /**
   * Runs {@code command} with {@code options} (before the command name) and returns its output.
   *
   * @param progress when not null, logs {@code done} bytes of {@code total} every few seconds
   *     while the command runs
   */
  public String run(List<String> optionsAndCommand, Duration timeout, Progress progress)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.add("--config=" + config);
    command.add("--stanza=" + stanza);
    command.add("--log-level-console=warn");
    command.add("--log-level-stderr=off");
    command.addAll(optionsAndCommand);
    String name = optionsAndCommand.get(optionsAndCommand.size() - 1);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread ticker = progress == null ? null
        : progressTicker("pgbackrest " + name, progress, System.nanoTime(), running);
    ToolRunner.Finished finished;
    try {
      finished = ToolRunner.finish(OwnSession.wrap(runAs.wrap(command)), Map.of("LC_ALL", "C"),
          null, timeout);
    } catch (IOException e) {
      throw new IOException("cannot run pgbackrest " + name + " (" + binary + "): "
          + e.getMessage() + "; is pgBackRest installed (Debian package pgbackrest)?", e);
    } finally {
      running.set(false);
      if (ticker != null) {
        ticker.interrupt();
      }
    }
    String text = finished.output().strip();
    if (finished.exitCode() != 0) {
      throw new IOException("pgbackrest " + name + " (stanza " + stanza + ") failed with exit code "
          + finished.exitCode() + ": " + (text.isEmpty() ? "(no output)" : text));
    }
    return text;
  }

  /** Where a long command stands, for its progress lines. */
  @FunctionalInterface
  public interface Progress {
    /** Bytes done and in total; 0 for what is not known. */
    Sample sample();
  }

  /** Bytes done and in total (0 when unknown). */
  public record Sample(long done, long total) {}

  /**
   * The progress of this stanza's backup as {@code info} reports it while the backup holds its
   * lock (pgBackRest 2.41 and later; zeros when it does not say).
   */
  public Progress backupProgress() {
    return () -> {
      try {
        return backupProgressOf(run(List.of("--output=json", "info"), Duration.ofSeconds(30),
            null));
      } catch (IOException e) {
        return new Sample(0, 0);
      }
    };
  }

  /** The running backup's bytes done and in total from {@code info --output=json}. */
  static Sample backupProgressOf(String json) throws IOException {
    com.fasterxml.jackson.databind.JsonNode lock = new com.fasterxml.jackson.databind
        .ObjectMapper().readTree(json).path(0).path("status").path("lock").path("backup");
    return new Sample(lock.path("size-cplt").asLong(0), lock.path("size").asLong(0));
  }

  /** One progress line: bytes done of total (or ?) after so many seconds, and the rate. */
  static String progressLine(String name, Sample sample, double seconds) {
    return String.format(java.util.Locale.ROOT, "%s: %d of %s MiB after %d s (%.1f MiB/s)", name,
        mib(sample.done()), sample.total() > 0 ? Long.toString(mib(sample.total())) : "?",
        Math.round(seconds), sample.done() / 1048576.0 / Math.max(seconds, 0.001));
  }

  static Thread progressTicker(String name, Progress progress, long started,
      AtomicBoolean running) {
    // Started from a compute's thread: the ticker's lines carry the same compute id.
    Thread t = new Thread(ComputeLogContext.inheriting(() -> {
      try {
        while (running.get()) {
          Thread.sleep(PROGRESS_EVERY.toMillis());
          if (!running.get()) {
            return;
          }
          double seconds = (System.nanoTime() - started) / 1e9;
          log.info("{}", progressLine(name, progress.sample(), seconds));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }), "pgbackrest-" + name + "-progress");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static long mib(long bytes) {
    return bytes / (1024 * 1024);
  }

  /** The options that point pgBackRest at a cluster: its directory, and how to reach it. */
  public static List<String> clusterOptions(Path pgdata, int port, Path socketDir, String user) {
    List<String> out = new ArrayList<>(List.of("--pg1-path=" + pgdata, "--pg1-port=" + port,
        "--pg1-user=" + user));
    if (socketDir != null) {
      out.add("--pg1-socket-path=" + socketDir);
    }
    return out;
  }

  /** What an {@code info} asked in the background answered, or what it failed with. */
  public static RepoInfo answer(java.util.concurrent.FutureTask<RepoInfo> asked)
      throws IOException {
    try {
      return asked.get();
    } catch (InterruptedException e) {
      asked.cancel(true);
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while asking pgbackrest for info");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    }
  }
}
