package dev.computectl.core.failpoint;

import dev.computectl.core.Failpoints;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Failpoints that can be armed, for tests and test builds. One instance per compute. */
public final class ArmedFailpoints implements Failpoints {

  private final Map<String, Action> armed = new ConcurrentHashMap<>();

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void arm(String name, Action action) {
    armed.put(name, action);
  }

  @Override
  public void disarm(String name) {
    armed.remove(name);
  }

  @Override
  public void hit(String name) throws Exception {
    hit(name, null);
  }

  @Override
  public void hit(String name, String argument) throws Exception {
    Action action = armed.get(name);
    if (action == null) {
      return;
    }
    if (action instanceof Action.Fail fail) {
      throw new FailpointException(name, fail.message());
    } else if (action instanceof Action.Delay delay) {
      Thread.sleep(delay.duration().toMillis());
    } else if (action instanceof Action.FailOn on && on.argument().equals(argument)) {
      throw new FailpointException(name, on.message());
    }
  }

  @Override
  public Map<String, Action> armed() {
    return Map.copyOf(armed);
  }

  /** The error an armed point throws. */
  public static final class FailpointException extends Exception {
    public FailpointException(String name, String message) {
      super("failpoint " + name + ": " + message);
    }
  }
}
