package dev.computectl.core.internal.state;

import dev.computectl.core.ComputeException;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.api.TerminateMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared state of one compute behind one lock and one condition. Every status change goes
 * through {@link #moveTo}, which checks {@link Transitions}, logs {@code from -> to}, wakes all
 * waiters and tells the {@link StatusListener} (the metrics). Nothing else assigns the status.
 */
public final class ComputeState {

  private static final Logger log = LoggerFactory.getLogger(ComputeState.class);

  private final String computeId;
  private final Clock clock;
  private final StatusListener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  private ComputeStatus status = ComputeStatus.EMPTY;
  private long version;
  private String error;
  private ComputeSpec spec;
  /** The spec in force before the latest accepted configure (what a rejection restores). */
  private ComputeSpec specBeforeConfigure;
  private ComputeCtlConfig ctlConfig;
  private Instant startTime;
  private Instant lastActive;
  private Lsn terminateLsn;
  private boolean started;
  private final ConfigureTickets configureTickets = new ConfigureTickets();

  public ComputeState(String computeId, Clock clock, StatusListener listener) {
    this.computeId = Objects.requireNonNull(computeId);
    this.clock = Objects.requireNonNull(clock);
    this.listener = Objects.requireNonNull(listener);
    this.startTime = clock.instant();
    listener.statusChanged(null, status);
  }

  /** Called after every status change, under the lock; must be quick and must not throw. */
  @FunctionalInterface
  public interface StatusListener {
    void statusChanged(ComputeStatus from, ComputeStatus to);
  }

  /** Runs {@code action} under the lock and returns its value. */
  private <T> T read(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code action} under the lock. */
  private void locked(Runnable action) {
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
    }
  }

  /** A consistent copy of the fields the status answer shows. */
  public record Snapshot(
      ComputeStatus status,
      String error,
      ComputeSpec spec,
      ComputeCtlConfig ctlConfig,
      Instant startTime,
      Instant lastActive,
      Lsn terminateLsn,
      long version) {}

  public Snapshot snapshot() {
    return read(() ->
        new Snapshot(status, error, spec, ctlConfig, startTime, lastActive, terminateLsn, version));
  }

  public ComputeStatus status() {
    return read(() -> status);
  }

  public ComputeSpec spec() {
    return snapshot().spec();
  }

  // ---- the one place where the status changes ------------------------------------------------

  private void moveTo(ComputeStatus to) {
    moveTo(to, to == ComputeStatus.FAILED ? error : null);
  }

  /** @param ticketAnswer the error the settled configure tickets get, null for success */
  private void moveTo(ComputeStatus to, String ticketAnswer) {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("status change without the state lock");
    }
    ComputeStatus from = status;
    if (!Transitions.allowed(from, to)) {
      throw new IllegalTransitionException(from, to);
    }
    status = to;
    version++;
    if (to == ComputeStatus.RUNNING || to == ComputeStatus.FAILED) {
      configureTickets.settle(ticketAnswer);
    }
    log.info("compute {} status {} -> {}", computeId, from.label(), to.label());
    listener.statusChanged(from, to);
    changed.signalAll();
  }

  /** Any legal move, for tests in this package that drive the state by hand. */
  void transition(ComputeStatus to) {
    locked(() -> moveTo(to));
  }

  /**
   * Makes the named status change when the current status is one it fires from; says whether it
   * did. A move to {@code running} clears the stored error.
   */
  public boolean fire(Trigger trigger) {
    lock.lock();
    try {
      if (!trigger.from().contains(status)) {
        return false;
      }
      if (trigger.clearsError()) {
        error = null;
      }
      moveTo(trigger.target());
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Moves to {@code failed} with the error, when the table allows it from the current status. */
  public boolean fail(String message) {
    lock.lock();
    try {
      if (!Transitions.allowed(status, ComputeStatus.FAILED)) {
        return false;
      }
      error = message;
      moveTo(ComputeStatus.FAILED);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A reconfigure whose settings Postgres refused, with the previous configuration back in
   * force: the spec returns to {@code previous}, the status to {@code running} without an error
   * (the compute is healthy), and the waiting configures are answered with {@code message}.
   */
  public boolean rejectConfiguration(String message, ComputeSpec previous) {
    lock.lock();
    try {
      if (!Trigger.RECONFIGURE_REJECTED.from().contains(status)) {
        return false;
      }
      spec = previous;
      error = null;
      moveTo(Trigger.RECONFIGURE_REJECTED.target(), message);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The spec in force before the latest accepted configure; null before the first one. */
  public ComputeSpec specBeforeConfigure() {
    return read(() -> specBeforeConfigure);
  }

  // ---- requests from the API ------------------------------------------------------------------

  /**
   * Stores a spec from {@code /configure} and moves to {@code configuration_pending}.
   *
   * @return a ticket for {@link #awaitConfigureOutcome}
   */
  public long acceptConfigure(ComputeSpec newSpec, ComputeCtlConfig config)
      throws ComputeException.InvalidState {
    return acceptConfigure(newSpec, config, Optional::empty);
  }

  /**
   * As {@link #acceptConfigure(ComputeSpec, ComputeCtlConfig)}; in {@code failed} it first asks
   * {@code blockerInFailed} (under the lock) why the configure could not be applied, and refuses
   * it with that reason (e.g. Postgres is down and nothing can start it again).
   */
  public long acceptConfigure(ComputeSpec newSpec, ComputeCtlConfig config,
      Supplier<Optional<String>> blockerInFailed) throws ComputeException.InvalidState {
    lock.lock();
    try {
      if (Request.CONFIGURE.decide(status) != Request.Decision.MOVE) {
        throw new ComputeException.InvalidState(status);
      }
      if (status == ComputeStatus.FAILED) {
        Optional<String> blocker = blockerInFailed.get();
        if (blocker.isPresent()) {
          throw new ComputeException.InvalidState(status, blocker.get());
        }
      }
      specBeforeConfigure = spec;
      spec = newSpec;
      storeCtlConfig(config);
      if (status == ComputeStatus.EMPTY) {
        startTime = clock.instant();
      }
      long ticket = configureTickets.issue();
      moveTo(Request.CONFIGURE.target());
      return ticket;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until the configure with this ticket settled. Checks before the first wait and after
   * every wake-up, so an answer that settled before the wait is never missed.
   */
  public void awaitConfigureOutcome(long ticket) throws ComputeException, InterruptedException {
    lock.lock();
    try {
      while (!configureTickets.isSettled(ticket)) {
        if (Transitions.isTerminating(status)) {
          throw new ComputeException.InvalidState(status);
        }
        changed.await();
      }
      configureTickets.answer(ticket);
    } finally {
      lock.unlock();
    }
  }

  /** Queues a refresh by the rule of {@link Request#REFRESH}. */
  public void acceptRefresh() throws ComputeException.RefreshRejected {
    lock.lock();
    try {
      switch (Request.REFRESH.decide(status)) {
        case MOVE -> moveTo(Request.REFRESH.target());
        case KEEP -> {
          // Already queued, or the first start will read the newest config anyway.
        }
        case REFUSE -> throw refreshRefused();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A refresh that cannot be served (no spec source): where a refresh would move the compute,
   * the status stays and the error is recorded, so nothing loops; elsewhere {@link
   * Request#REFRESH} answers as for any refresh.
   */
  public void refuseRefresh(String message) throws ComputeException.RefreshRejected {
    lock.lock();
    try {
      switch (Request.REFRESH.decide(status)) {
        case MOVE -> {
          error = message;
          version++;
          changed.signalAll();
        }
        case KEEP -> {
          // Nothing queued: the compute is already refreshing or starting.
        }
        case REFUSE -> throw refreshRefused();
      }
    } finally {
      lock.unlock();
    }
  }

  private ComputeException.RefreshRejected refreshRefused() {
    return new ComputeException.RefreshRejected(
        "Cannot refresh compute configuration in state " + StatusSpelling.pascalCase(status));
  }

  /** Throws unless the status accepts {@code request} without a change (the SQL routes). */
  public void requireAccepts(Request request) throws ComputeException.InvalidState {
    ComputeStatus now = status();
    if (request.decide(now) == Request.Decision.REFUSE) {
      throw new ComputeException.InvalidState(now);
    }
  }

  public TerminationStart beginTermination(TerminateMode mode) {
    lock.lock();
    try {
      Request request = mode == TerminateMode.IMMEDIATE
          ? Request.TERMINATE_IMMEDIATE : Request.TERMINATE_FAST;
      if (request.decide(status) == Request.Decision.MOVE) {
        moveTo(request.target());
        return TerminationStart.STARTED;
      }
      // Terminating statuses join the terminate under way (or its result).
      return status == ComputeStatus.TERMINATED
          ? TerminationStart.ALREADY_TERMINATED : TerminationStart.ALREADY_PENDING;
    } finally {
      lock.unlock();
    }
  }

  /** Ends a termination: stores the LSN (may be null) and moves to {@code terminated}. */
  public void finishTermination(Lsn lsn) {
    locked(() -> {
      if (status != ComputeStatus.TERMINATED) {
        terminateLsn = lsn;
        moveTo(ComputeStatus.TERMINATED);
      }
    });
  }

  public Lsn awaitTerminated() throws InterruptedException {
    awaitStatus(s -> s == ComputeStatus.TERMINATED, null);
    return snapshot().terminateLsn();
  }

  // ---- other fields ---------------------------------------------------------------------------

  /** Marks that the first start began, so later {@code configuration_pending} is a reconfigure. */
  public void markStarted() {
    locked(() -> started = true);
  }

  public boolean started() {
    return read(() -> started);
  }

  /** Replaces the spec (and the keys, when given) after a refresh fetched a new one. */
  public void replaceSpec(ComputeSpec newSpec, ComputeCtlConfig config) {
    locked(() -> {
      spec = newSpec;
      if (config != null) {
        storeCtlConfig(config);
      }
    });
  }

  public void setCtlConfig(ComputeCtlConfig config) {
    locked(() -> storeCtlConfig(config));
  }

  /**
   * Replaces the keys (the newest config wins, so a control plane can revoke them all). An
   * empty set after a non-empty one is legal but locks every caller out; say so loudly. Called
   * under the lock.
   */
  private void storeCtlConfig(ComputeCtlConfig config) {
    if (config != null && keyCount(config) == 0 && ctlConfig != null && keyCount(ctlConfig) > 0) {
      log.warn("compute {}: the new compute_ctl_config has no JWKS keys and replaces {} key(s);"
          + " the external HTTP API will now refuse every token (401) until a config with keys"
          + " arrives", computeId, keyCount(ctlConfig));
    }
    ctlConfig = config;
  }

  private static int keyCount(ComputeCtlConfig config) {
    return config.jwks().path("keys").size();
  }

  /** Clears the error when it starts with {@code prefix} (its cause went away); says whether. */
  public boolean clearErrorStartingWith(String prefix) {
    return read(() -> {
      if (error == null || !error.startsWith(prefix)) {
        return false;
      }
      error = null;
      version++;
      changed.signalAll();
      return true;
    });
  }

  /** Records an error while keeping the status (a refresh that will be retried). */
  public void recordError(String message) {
    locked(() -> error = message);
  }

  /** Moves last_active forward; an older value is ignored. */
  public void touchActivity(Instant when) {
    locked(() -> {
      if (lastActive == null || when.isAfter(lastActive)) {
        lastActive = when;
      }
    });
  }

  // ---- waiting --------------------------------------------------------------------------------

  /**
   * Waits until the status satisfies the predicate, checking before the first wait.
   *
   * @param timeout null for no limit
   * @return the matching status, or the current one when the time ran out
   */
  public ComputeStatus awaitStatus(Predicate<ComputeStatus> until, Duration timeout)
      throws InterruptedException {
    lock.lock();
    try {
      long nanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
      while (!until.test(status)) {
        if (timeout == null) {
          changed.await();
        } else {
          if (nanos <= 0) {
            break;
          }
          nanos = changed.awaitNanos(nanos);
        }
      }
      return status;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for any status change after {@code seenVersion}, at most {@code timeout}. */
  public long awaitChange(long seenVersion, Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      if (version == seenVersion) {
        changed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      }
      return version;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes all waiters without a status change (e.g. to let threads see a shutdown flag). */
  public void wakeAll() {
    locked(() -> {
      version++;
      changed.signalAll();
    });
  }
}
