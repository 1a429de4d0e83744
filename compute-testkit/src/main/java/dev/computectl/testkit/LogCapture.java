package dev.computectl.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.computectl.core.ComputeLogContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Keeps the log lines of one embedded compute: every INFO-or-higher event logged on one of its
 * threads (its MDC {@code compute_id} is this compute's; on a thread without one, its name starts
 * with the compute id or contains it between dashes). Works when logback is the SLF4J binding (an
 * optional dependency of the testkit: see {@link ComputeLogs}); otherwise it captures nothing.
 *
 * <p>It is a turbo filter, which logback consults for every logging call before it looks at
 * levels or appenders: the lines are kept whatever the test's own configuration does (a root at
 * WARN or OFF, no appender at all), and that configuration sees exactly what it would see without
 * the harness (the filter always answers NEUTRAL). A stop and reset of the logging context
 * (Spring Boot's, when its application context starts) puts the filter back. Lines are {@code LEVEL [thread]
 * logger: message}; bounded to the last 5000.
 */
final class LogCapture extends TurboFilter implements ComputeLogs {

  private static final int LINES_KEPT = 5_000;

  private final String computeId;
  private final Deque<String> lines = new ArrayDeque<>();
  private final LoggerContext context;
  private final Rearm rearm = new Rearm();
  private volatile boolean detached;

  private LogCapture(String computeId, LoggerContext context) {
    this.computeId = computeId;
    this.context = context;
  }

  /** Installs a capture; a no-op capture when logback is not the SLF4J binding. */
  static LogCapture attach(String computeId) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return new LogCapture(computeId, null);
    }
    LogCapture capture = new LogCapture(computeId, context);
    capture.setContext(context);
    capture.setName("testkit-capture-" + computeId);
    capture.start();
    context.addTurboFilter(capture);
    context.addListener(capture.rearm);
    return capture;
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    // format is null when the call only asks whether a level is enabled.
    if (format != null && level.isGreaterOrEqual(Level.INFO) && onThisComputesThread()) {
      keep(level + " [" + Thread.currentThread().getName() + "] " + logger.getName() + ": "
          + MessageFormatter.arrayFormat(format, params, t).getMessage());
    }
    return FilterReply.NEUTRAL;
  }

  private boolean onThisComputesThread() {
    String tagged = MDC.get(ComputeLogContext.COMPUTE_ID);
    if (tagged != null) {
      return tagged.equals(computeId);
    }
    String thread = Thread.currentThread().getName();
    return thread.startsWith(computeId + "-") || thread.contains("-" + computeId + "-");
  }

  private void keep(String line) {
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
    detached = true;
    if (context != null) {
      context.removeListener(rearm);
      context.getTurboFilterList().remove(this);
      stop();
    }
  }

  /**
   * Called by a reset of the context too, which stops and drops every turbo filter. A stop of the
   * context (Spring Boot stops and resets it while it sets up logging) has also dropped every
   * listener by then: the listener comes back here, and its {@code onReset}, which follows in the
   * same reset, puts the filter back.
   */
  @Override
  public void stop() {
    super.stop();
    if (!detached && context != null && !context.getCopyOfListenerList().contains(rearm)) {
      context.addListener(rearm);
    }
  }

  /** Puts the filter back after the context was reset (which drops every turbo filter). */
  private final class Rearm implements LoggerContextListener {
    @Override
    public boolean isResetResistant() {
      return true;
    }

    @Override
    public void onReset(LoggerContext reset) {
      // The reset stopped and dropped the filter.
      if (!detached && !reset.getTurboFilterList().contains(LogCapture.this)) {
        start();
        reset.addTurboFilter(LogCapture.this);
      }
    }

    @Override
    public void onStart(LoggerContext started) {}

    @Override
    public void onStop(LoggerContext stopped) {}

    @Override
    public void onLevelChange(Logger logger, Level level) {}
  }
}
