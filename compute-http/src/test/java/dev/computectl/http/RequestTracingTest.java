package dev.computectl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.computectl.core.ComputeOperations;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.ComputeStatusResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class RequestTracingTest {

  private final ComputeOperations ops = mock(ComputeOperations.class);
  /** The MDC the compute saw while it handled each request. */
  private final List<Map<String, String>> seenByCompute = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> requestLines = new ListAppender<>();
  private final Logger requestLog =
      (Logger) LoggerFactory.getLogger("dev.computectl.http.requests");
  private ch.qos.logback.classic.Level levelBefore;

  @BeforeEach
  void setUp() throws Exception {
    when(ops.computeId()).thenReturn("c-traced");
    ComputeStatusResponse running =
        new ComputeStatusResponse(null, null, null, ComputeStatus.RUNNING, null, null);
    when(ops.statusResponse()).thenAnswer(call -> {
      seenByCompute.add(MDC.getCopyOfContextMap());
      return running;
    });
    when(ops.configure(any())).thenAnswer(call -> {
      seenByCompute.add(MDC.getCopyOfContextMap());
      return running;
    });
    requestLines.setContext(requestLog.getLoggerContext());
    requestLines.start();
    requestLog.addAppender(requestLines);
    levelBefore = requestLog.getLevel();
    requestLog.setLevel(ch.qos.logback.classic.Level.INFO); // this module's tests log at WARN
  }

  @AfterEach
  void tearDown() {
    requestLog.detachAppender(requestLines);
    requestLog.setLevel(levelBefore);
  }

  @Test
  void aRequestsLinesCarryTheComputeAndRequestIdOnJettyAndBlockingThreads() throws Exception {
    try (ComputeHttpServer server =
        ComputeHttpServer.internal(ops, HttpOptions.internalDefaults().withPort(0)).start()) {
      TestHttp http = new TestHttp(server);
      http.send(http.request("/status").header("x-request-id", "req-status").GET());
      http.send(http.request("/configure").header("x-request-id", "req-configure")
          .header("Content-Type", TestHttp.JSON)
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              ExternalRoutesTest.MINIMAL_CONFIGURE)));

      assertThat(seenByCompute).containsExactly(
          Map.of("compute_id", "c-traced", "request_id", "req-status"),
          Map.of("compute_id", "c-traced", "request_id", "req-configure"));
      await().atMost(Duration.ofSeconds(5)).until(() -> requestLines.list.size() == 2);
      assertThat(requestLines.list).extracting(ILoggingEvent::getMDCPropertyMap)
          .containsExactlyInAnyOrder(
              Map.of("compute_id", "c-traced", "request_id", "req-status"),
              Map.of("compute_id", "c-traced", "request_id", "req-configure"));
    }
  }
}
