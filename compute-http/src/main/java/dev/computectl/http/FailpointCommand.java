package dev.computectl.http;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.core.Failpoints;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code POST /failpoints}: {@code {"name": "...", "actions": "..."}}. Accepted actions:
 * {@code off}; {@code return} or {@code return(message)} to fail; {@code sleep(ms)} or {@code
 * delay(ms)} to delay; {@code fail_on(argument)} to fail only for that argument (a phase or
 * migration id).
 */
record FailpointCommand(String name, String actions) {

  @JsonCreator
  FailpointCommand(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "actions", required = true) String actions) {
    this.name = Objects.requireNonNull(name, "name");
    this.actions = Objects.requireNonNull(actions, "actions");
  }

  /** The action to arm, or empty for {@code off}; throws a 400 for text it does not know. */
  Optional<Failpoints.Action> parse() {
    String text = actions.strip();
    if (text.equals("off")) {
      return Optional.empty();
    }
    if (text.equals("return")) {
      return Optional.of(new Failpoints.Action.Fail("failpoint " + name + " triggered"));
    }
    String argument = argument(text);
    if (text.startsWith("return(")) {
      return Optional.of(new Failpoints.Action.Fail(argument));
    }
    if (text.startsWith("sleep(") || text.startsWith("delay(")) {
      try {
        long millis = Long.parseLong(argument.strip());
        if (millis >= 0) {
          return Optional.of(new Failpoints.Action.Delay(Duration.ofMillis(millis)));
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
      throw HttpError.badRequest(
          "failpoint " + name + ": sleep needs a non-negative number of milliseconds, got '" + argument + "'");
    }
    if (text.startsWith("fail_on(")) {
      return Optional.of(
          new Failpoints.Action.FailOn(argument, "failpoint " + name + " triggered for " + argument));
    }
    throw HttpError.badRequest(
        "failpoint " + name + ": unknown action '" + actions
            + "' (expected off, return, return(msg), sleep(ms), fail_on(arg))");
  }

  private String argument(String text) {
    int open = text.indexOf('(');
    if (open < 0 || !text.endsWith(")")) {
      throw HttpError.badRequest("failpoint " + name + ": unknown action '" + actions + "'");
    }
    return text.substring(open + 1, text.length() - 1);
  }
}
