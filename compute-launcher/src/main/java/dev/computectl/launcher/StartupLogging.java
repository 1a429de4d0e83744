package dev.computectl.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.computectl.launcher.LogSetup.LogFormat;

/**
 * The logging of {@code compute_ctl.jar} from its first line until {@link LogSetup} applies the
 * command line's format and level: plain text on stderr at INFO. Logback finds it through the
 * runnable jar's service file (never the library jar's: an embedder keeps its own logging).
 * Built in code because logback's XML configuration costs a cold process over 100 ms.
 *
 * <p>Public only because logback's service loader needs it; not an API.
 */
public final class StartupLogging extends ContextAwareBase implements Configurator {

  /** For logback's service loader. */
  public StartupLogging() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    LogSetup.apply(context, new LogSetup.Choice(LogFormat.TEXT, Level.INFO));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
