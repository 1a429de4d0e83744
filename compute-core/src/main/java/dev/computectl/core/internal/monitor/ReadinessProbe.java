package dev.computectl.core.internal.monitor;

import dev.computectl.sql.ConnectionFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Postgres accepts a new session and answers {@code SELECT 1}, through a factory whose
 * sessions time out (a stopped postmaster accepts TCP but never answers). The answer is kept for
 * {@code cacheFor}, so {@code /readiness} probes cost at most one session per period; concurrent
 * callers wait for the one probe under way.
 */
public final class ReadinessProbe {

  private static final Logger log = LoggerFactory.getLogger(ReadinessProbe.class);
  /** How long an answer is reused. */
  public static final Duration CACHE_FOR = Duration.ofSeconds(1);
  /** How long a probe may take (connect, login and the query each). */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final String computeId;
  private final ConnectionFactory connections;
  private final Duration cacheFor;
  private final LongSupplier nanoTime;
  private boolean last;
  private long checkedAt;
  private boolean checked;

  public ReadinessProbe(String computeId, ConnectionFactory connections) {
    this(computeId, connections, CACHE_FOR, System::nanoTime);
  }

  ReadinessProbe(String computeId, ConnectionFactory connections, Duration cacheFor,
      LongSupplier nanoTime) {
    this.computeId = Objects.requireNonNull(computeId);
    this.connections = Objects.requireNonNull(connections);
    this.cacheFor = Objects.requireNonNull(cacheFor);
    this.nanoTime = Objects.requireNonNull(nanoTime);
  }

  /** The cached answer when fresh, else a new probe. */
  public synchronized boolean ready() {
    if (checked && nanoTime.getAsLong() - checkedAt < cacheFor.toNanos()) {
      return last;
    }
    boolean now = probe();
    if (now != last || !checked) {
      if (now) {
        log.info("compute {}: postgres answers queries (ready)", computeId);
      } else if (checked) {
        log.warn("compute {}: postgres does not answer within {} ms (not ready)", computeId,
            TIMEOUT.toMillis());
      }
    }
    last = now;
    checked = true;
    checkedAt = nanoTime.getAsLong();
    return now;
  }

  private boolean probe() {
    try (Connection c = connections.open(null);
        Statement st = c.createStatement()) {
      st.setQueryTimeout((int) Math.max(1, TIMEOUT.toSeconds()));
      try (ResultSet rs = st.executeQuery("SELECT 1")) {
        return rs.next();
      }
    } catch (SQLException | RuntimeException e) {
      log.debug("compute {}: readiness probe failed: {}", computeId, e.getMessage());
      return false;
    }
  }
}
