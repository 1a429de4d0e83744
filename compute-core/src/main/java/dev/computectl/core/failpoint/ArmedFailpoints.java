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
  public void hit(String name) throws Fired, InterruptedException {
    hit(name, null);
  }

  @Override
  public void hit(String name, String argument) throws Fired, InterruptedException {
    Action action = armed.get(name);
    if (action == null) {
      return;
    }
    if (action instanceof Action.Fail fail) {
      throw new Fired(name, fail.message());
    } else if (action instanceof Action.Delay delay) {
      Thread.sleep(delay.duration().toMillis());
    } else if (action instanceof Action.FailOn on && on.argument().equals(argument)) {
      throw new Fired(name, on.message());
    }
  }

  @Override
  public Map<String, Action> armed() {
    return Map.copyOf(armed);
  }
}
