package dev.computectl.spec;

/**
 * JSON that cannot be read as the wanted type. Checked, so a caller that takes JSON from outside
 * (HTTP body, config file, control plane) must decide what a bad document means for it. {@link
 * #path()} names where the problem is, e.g. {@code cluster.roles[3].name}; empty for the document
 * itself. {@link #getMessage()} is {@code <path>: <problem>}, or the problem alone for the root
 * (a syntax error then names its line and column).
 */
public final class SpecParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String problem;

  public SpecParseException(String path, String problem, Throwable cause) {
    super(path.isEmpty() ? problem : path + ": " + problem, cause);
    this.path = path;
    this.problem = problem;
  }

  /** The JSON path of the bad value, like {@code cluster.roles[3].name}; "" for the root. */
  public String path() {
    return path;
  }

  /**
   * True when the text is not JSON at all (a syntax error, a duplicate key, a number out of
   * range), false when it is JSON of the wrong shape or with a bad value; an HTTP server answers
   * the two differently.
   */
  public boolean isSyntaxError() {
    return getCause() instanceof com.fasterxml.jackson.core.exc.StreamReadException;
  }

  /** What is wrong, without the path. */
  public String problem() {
    return problem;
  }
}
