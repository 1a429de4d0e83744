package dev.computectl.core;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.SpecProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Errors of {@link ComputeOperations}, one subtype per answer the HTTP layer gives. Messages are
 * the text of the {@code {"error": ...}} body.
 */
public abstract sealed class ComputeException extends Exception {

  protected ComputeException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The spec or request failed validation (HTTP 400). The problems stay structured (each with its
   * JSON path) so a caller can render them its own way; the message lists them all on one line.
   */
  public static final class InvalidSpec extends ComputeException {
    private final List<SpecProblem> problems;

    public InvalidSpec(List<SpecProblem> problems) {
      super(render(problems), null);
      this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order the checks ran; never empty. */
    public List<SpecProblem> problems() {
      return problems;
    }

    private static String render(List<SpecProblem> problems) {
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("an invalid spec needs at least one problem");
      }
      return "invalid spec: "
          + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
    }
  }

  /** A request whose arguments cannot be used, e.g. a name with a NUL (HTTP 400). */
  public static final class InvalidRequest extends ComputeException {
    public InvalidRequest(String message) {
      super(message, null);
    }
  }

  /** The request is not allowed in the current status (HTTP 412). */
  public static final class InvalidState extends ComputeException {
    private final ComputeStatus status;

    public InvalidState(ComputeStatus status) {
      super("invalid compute status: " + status.label(), null);
      this.status = status;
    }

    /** With a reason, as {@code invalid compute status: failed (<detail>)}. */
    public InvalidState(ComputeStatus status, String detail) {
      super("invalid compute status: " + status.label() + " (" + detail + ")", null);
      this.status = status;
    }

    public ComputeStatus status() {
      return status;
    }
  }

  /** A refresh in a status that does not take one (HTTP 500, as Neon answers). */
  public static final class RefreshRejected extends ComputeException {
    public RefreshRejected(String message) {
      super(message, null);
    }
  }

  /** A configure whose apply ended in {@code failed} (HTTP 500). */
  public static final class ConfigurationFailed extends ComputeException {
    public ConfigurationFailed(String error) {
      super("compute configuration failed: " + error, null);
    }
  }

  /** The named object does not exist (HTTP 404). */
  public static final class NotFound extends ComputeException {
    public NotFound(String message) {
      super(message, null);
    }
  }

  /** The operation failed inside Postgres or the process layer (HTTP 500). */
  public static final class OperationFailed extends ComputeException {
    public OperationFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
