package dev.computectl.core.postgres;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last error lines a postmaster printed, so a failed start can say why in Postgres's own
 * words ({@code FATAL:  configuration file ... contains errors} and the line before it naming the
 * setting, e.g. {@code LOG:  invalid value for parameter "max_connections": "-5"}). Kept: FATAL,
 * PANIC and ERROR lines, and LOG lines about a configuration parameter. Thread-safe.
 */
final class PostmasterOutput implements Consumer<String> {

  private static final Pattern SEVERITY =
      Pattern.compile("\\b(LOG|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT):\\s+(.*)$");
  private static final int KEPT = 8;

  private final Consumer<String> next;
  private final Deque<String> errors = new ArrayDeque<>();
  private long count;

  public PostmasterOutput(Consumer<String> next) {
    this.next = next;
  }

  @Override
  public void accept(String line) {
    next.accept(line);
    String kept = keep(line);
    if (kept != null) {
      synchronized (errors) {
        errors.addLast(kept);
        count++;
        while (errors.size() > KEPT) {
          errors.removeFirst();
        }
      }
    }
  }

  /** The severity and message of a line worth keeping, else null. */
  static String keep(String line) {
    Matcher m = SEVERITY.matcher(line);
    if (!m.find()) {
      return null;
    }
    String severity = m.group(1);
    String message = m.group(2).strip();
    boolean keep = switch (severity) {
      case "FATAL", "PANIC", "ERROR" -> true;
      case "LOG", "WARNING", "DETAIL", "HINT" ->
          message.contains("parameter \"") && !message.contains("\" changed to \"")
              || message.contains("contains errors");
      default -> false;
    };
    return keep ? severity + ": " + message : null;
  }

  /** How many lines were kept so far (a mark for {@link #since}). */
  public long mark() {
    synchronized (errors) {
      return count;
    }
  }

  /** The kept lines after {@code mark} that are still held. */
  public List<String> since(long mark) {
    synchronized (errors) {
      int newer = (int) Math.min(errors.size(), Math.max(0, count - mark));
      List<String> all = new ArrayList<>(errors);
      return List.copyOf(all.subList(all.size() - newer, all.size()));
    }
  }

  /** The kept lines, oldest first. */
  public List<String> lines() {
    return since(0);
  }
}
