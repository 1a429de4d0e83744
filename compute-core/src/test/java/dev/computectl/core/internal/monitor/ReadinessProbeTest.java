package dev.computectl.core.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.computectl.sql.ConnectionFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue #17: readiness follows whether Postgres answers, not only the status; cached ~1 s. */
class ReadinessProbeTest {

  private final AtomicInteger opens = new AtomicInteger();
  private final AtomicBoolean answering = new AtomicBoolean(true);
  private final AtomicLong now = new AtomicLong();

  private final ConnectionFactory connections = database -> {
    opens.incrementAndGet();
    if (!answering.get()) {
      throw new SQLException("The connection attempt timed out.", "08001");
    }
    Connection c = mock(Connection.class);
    Statement st = mock(Statement.class);
    ResultSet rs = mock(ResultSet.class);
    when(c.createStatement()).thenReturn(st);
    when(st.executeQuery(anyString())).thenReturn(rs);
    when(rs.next()).thenReturn(true);
    return c;
  };

  private final ReadinessProbe probe =
      new ReadinessProbe("c1", connections, Duration.ofSeconds(1), now::get);

  @Test
  void answersFromOneSessionPerSecond() {
    assertThat(probe.ready()).isTrue();
    now.addAndGet(Duration.ofMillis(500).toNanos());
    answering.set(false);
    assertThat(probe.ready()).as("cached").isTrue();
    assertThat(opens).hasValue(1);

    now.addAndGet(Duration.ofMillis(600).toNanos());
    assertThat(probe.ready()).as("a fresh probe times out").isFalse();
    assertThat(opens).hasValue(2);

    answering.set(true);
    now.addAndGet(Duration.ofMillis(1100).toNanos());
    assertThat(probe.ready()).isTrue();
    assertThat(opens).hasValue(3);
  }
}
