package dev.computectl.sql;

import java.time.Duration;

/**
 * Callbacks around the phases of an apply. {@link #beforePhase} may throw to abort the apply (test
 * failpoints use this); the exception becomes the apply's error.
 */
public interface ApplyListener {

  ApplyListener NONE = new ApplyListener() {};

  default void beforePhase(String phase) throws Exception {}

  default void afterPhase(String phase, Duration elapsed, int statements) {}
}
