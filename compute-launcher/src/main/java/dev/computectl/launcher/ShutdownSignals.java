package dev.computectl.launcher;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM and SIGINT sent to compute_ctl into a shutdown request: the first one asks for a
 * fast shutdown of Postgres, any later one for an immediate shutdown.
 *
 * <p>SIGQUIT cannot be caught: HotSpot reserves it for thread dumps ({@code sun.misc.Signal} and
 * jnr-posix's {@code signal()}, which wraps it, both refuse it), and {@code -Xrs} would give up
 * SIGTERM and SIGINT too. A SIGQUIT to compute_ctl therefore prints a thread dump and changes
 * nothing else.
 */
final class ShutdownSignals {

  private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);
  static final List<String> HANDLED = List.of("TERM", "INT");

  private final Listener listener;
  private final AtomicInteger received = new AtomicInteger();

  ShutdownSignals(Listener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Replaces the JVM's handlers for SIGTERM and SIGINT; call once, early in main. */
  static ShutdownSignals install(Listener listener) {
    ShutdownSignals signals = new ShutdownSignals(listener);
    for (String name : HANDLED) {
      SignalHandler previous = Signal.handle(new Signal(name), signals::onSignal);
      if (previous == SignalHandler.SIG_IGN) {
        // The JVM leaves a signal ignored at startup ignored, as shells do for background jobs.
        log.warn("SIG{} is ignored in this process (started in the background?); stop"
            + " compute_ctl with SIGTERM", name);
      }
    }
    return signals;
  }

  private void onSignal(Signal signal) {
    onSignal("SIG" + signal.getName());
  }

  /** Runs on a JVM signal thread; the listener must hand real work to another thread. */
  void onSignal(String name) {
    int count = received.incrementAndGet();
    if (count == 1) {
      log.info("received {}: fast shutdown of Postgres (send it again for an immediate one)",
          name);
      listener.fastShutdown(name);
    } else {
      log.warn("received {} again: immediate shutdown of Postgres", name);
      listener.immediateShutdown(name);
    }
  }

  /** How many shutdown signals have arrived. */
  int received() {
    return received.get();
  }

  /** What the process does on a shutdown signal. */
  interface Listener {
    void fastShutdown(String signal);

    void immediateShutdown(String signal);
  }
}
