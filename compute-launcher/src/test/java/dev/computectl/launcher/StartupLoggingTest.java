package dev.computectl.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.computectl.launcher.LogSetup.Choice;
import dev.computectl.launcher.LogSetup.LogFormat;
import org.junit.jupiter.api.Test;

class StartupLoggingTest {

  private static Appender<ILoggingEvent> stderr(LoggerContext context) {
    return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("stderr");
  }

  @Test
  void startsWithTextOnStderrAtInfoAndStopsLogbackLookingFurther() {
    LoggerContext context = new LoggerContext();

    ExecutionStatus status = new StartupLogging().configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel())
        .isEqualTo(Level.INFO);
    ConsoleAppender<ILoggingEvent> appender = (ConsoleAppender<ILoggingEvent>) stderr(context);
    assertThat(appender.getTarget()).isEqualTo("System.err");
    assertThat(appender.getEncoder()).isInstanceOf(PatternLayoutEncoder.class);
    assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void theCommandLinesChoiceReplacesTheStartupAppenderOnlyWhenItDiffers() {
    LoggerContext context = new LoggerContext();
    new StartupLogging().configure(context);
    Appender<ILoggingEvent> first = stderr(context);

    LogSetup.configure(context, new Choice(LogFormat.TEXT, Level.INFO));
    assertThat(stderr(context)).isSameAs(first);

    LogSetup.configure(context, new Choice(LogFormat.JSON, Level.DEBUG));
    ConsoleAppender<ILoggingEvent> json = (ConsoleAppender<ILoggingEvent>) stderr(context);
    assertThat(json.getEncoder()).isInstanceOf(JsonEncoder.class);
    assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel())
        .isEqualTo(Level.DEBUG);
    assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isNull();
  }
}
