package dev.computectl.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Configures logback for the compute_ctl process: one appender on stderr (stdout is kept for the
 * output of {@code --check-config} and {@code --print-plan}), readable text or JSON lines, the
 * level from {@code COMPUTE_CTL_LOG_LEVEL}. Only the launcher binds a logging backend; the other
 * modules log through SLF4J alone.
 */
final class LogSetup {

  static final String LEVEL_ENV = "COMPUTE_CTL_LOG_LEVEL";
  private static final String CHOICE_KEY = LogSetup.class.getName() + ".choice";
  private static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20}: %msg%n";

  private LogSetup() {}

  /** The level named by {@code COMPUTE_CTL_LOG_LEVEL}, INFO when unset. */
  static Level level(Map<String, String> env) {
    String name = env.getOrDefault(LEVEL_ENV, "").strip();
    if (name.isEmpty()) {
      return Level.INFO;
    }
    Level level = Level.toLevel(name.toUpperCase(Locale.ROOT), null);
    if (level == null) {
      throw new IllegalArgumentException(LEVEL_ENV + "=" + name
          + " is not a level (use trace, debug, info, warn, error or off)");
    }
    return level;
  }

  static void configure(LogFormat format, Level level) {
    configure((LoggerContext) LoggerFactory.getILoggerFactory(), new Choice(format, level));
  }

  /**
   * The context logs {@code choice}; the runnable jar starts with text at INFO (StartupLogging),
   * and the same choice keeps that appender instead of building another one.
   */
  static void configure(LoggerContext context, Choice choice) {
    if (!choice.equals(context.getObject(CHOICE_KEY))) {
      apply(context, choice);
    }
  }

  /** The context logs {@code choice} on stderr, and nothing else. */
  static void apply(LoggerContext context, Choice choice) {
    Level level = choice.level();
    context.reset();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("stderr");
    appender.setTarget("System.err");
    appender.setEncoder(encoder(choice.format(), context));
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    root.addAppender(appender);
    // Jetty's INFO lines (versions, connectors) say nothing an operator needs; our servers log
    // their own addresses.
    if (level.isGreaterOrEqual(Level.INFO)) {
      context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
      context.getLogger("io.javalin").setLevel(Level.WARN);
    }
    context.putObject(CHOICE_KEY, choice);
  }

  /** A format and a level: what the context was last configured with. */
  record Choice(LogFormat format, Level level) {}

  private static Encoder<ILoggingEvent> encoder(LogFormat format, LoggerContext context) {
    Encoder<ILoggingEvent> encoder;
    if (format == LogFormat.JSON) {
      JsonEncoder json = new JsonEncoder();
      // One readable message per line; the template and its arguments would only repeat it.
      json.setWithFormattedMessage(true);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern(TEXT_PATTERN);
      encoder = text;
    }
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }

  /** The value of {@code --log-format}. */
  enum LogFormat {
    TEXT,
    JSON;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
