package dev.computectl.testkit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Keeps the log lines of one embedded compute: every event logged on a thread named after the
 * compute id (its lifecycle, configurator, monitor, Postgres output and HTTP threads). Works when
 * logback is the SLF4J binding (an optional dependency of the testkit: see {@link ComputeLogs});
 * otherwise it captures nothing. Lines are {@code LEVEL [thread] logger: message}; bounded to the last 5000.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements ComputeLogs {

  private static final int LINES_KEPT = 5_000;

  private final String computeId;
  private final Deque<String> lines = new ArrayDeque<>();
  private final Logger root;

  private LogCapture(String computeId, Logger root) {
    this.computeId = computeId;
    this.root = root;
  }

  /** Attaches a capture to the root logger; a no-op capture when logback is not in use. */
  static LogCapture attach(String computeId) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return new LogCapture(computeId, null);
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    LogCapture capture = new LogCapture(computeId, root);
    capture.setContext(context);
    capture.setName("testkit-capture-" + computeId);
    capture.start();
    root.addAppender(capture);
    return capture;
  }

  @Override
  protected void append(ILoggingEvent event) {
    String thread = event.getThreadName();
    if (thread == null
        || !(thread.startsWith(computeId + "-") || thread.contains("-" + computeId + "-"))) {
      return;
    }
    String line =
        event.getLevel()
            + " ["
            + thread
            + "] "
            + event.getLoggerName()
            + ": "
            + event.getFormattedMessage();
    synchronized (lines) {
      lines.addLast(line);
      while (lines.size() > LINES_KEPT) {
        lines.removeFirst();
      }
    }
  }

  @Override
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public void detach() {
    if (root != null) {
      root.detachAppender(this);
      stop();
    }
  }
}
