package dev.computectl.core.internal.postgres;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Relays a postmaster's output lines to SLF4J at the level of Postgres's own severity, so a FATAL
 * is an ERROR in our log and a WARNING a WARN. The severity follows the line prefix (Postgres's
 * default {@code log_line_prefix = '%m [%p] '}, which compute_ctl keeps; a spec's own prefix works
 * too, as long as it does not itself end in a severity word). Lines that carry no severity of
 * their own (DETAIL, HINT, STATEMENT, CONTEXT, QUERY, LOCATION, and the further lines of a
 * multi-line message) are logged at the level of the message they belong to. One relay per
 * postmaster output: its reader thread is the only caller.
 */
final class PostgresLogRelay implements Consumer<String> {

  // Postgres writes the severity followed by a colon and two spaces; a continuation line of a
  // multi-line message starts with a tab.
  private static final Pattern SEVERITY = Pattern.compile(
      "^(?:\\S.*?\\s)?(DEBUG[1-5]?|LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC"
          + "|DETAIL|HINT|CONTEXT|STATEMENT|QUERY|LOCATION):  ");

  private final Logger log;
  private final String computeId;
  private volatile Level current = Level.INFO;

  PostgresLogRelay(Logger log, String computeId) {
    this.log = log;
    this.computeId = computeId;
  }

  @Override
  public void accept(String line) {
    Level level = levelAfter(current, line);
    current = level;
    switch (level) {
      case ERROR -> log.error("[{}] {}", computeId, line);
      case WARN -> log.warn("[{}] {}", computeId, line);
      case DEBUG, TRACE -> log.debug("[{}] {}", computeId, line);
      default -> log.info("[{}] {}", computeId, line);
    }
  }

  /**
   * The level of {@code line}, given the level of the message before it: its own severity when it
   * starts a message, else {@code previous}.
   */
  static Level levelAfter(Level previous, String line) {
    Matcher m = SEVERITY.matcher(stripRelayPrefix(line));
    if (!m.find()) {
      return previous;
    }
    return switch (m.group(1)) {
      case "PANIC", "FATAL", "ERROR" -> Level.ERROR;
      case "WARNING" -> Level.WARN;
      case "LOG", "INFO", "NOTICE" -> Level.INFO;
      case "DETAIL", "HINT", "CONTEXT", "STATEMENT", "QUERY", "LOCATION" -> previous;
      default -> Level.DEBUG; // DEBUG, DEBUG1..DEBUG5
    };
  }

  /** The runner hands lines over as {@code PG: <line>}. */
  private static String stripRelayPrefix(String line) {
    return line.startsWith("PG: ") ? line.substring(4) : line;
  }
}
