package dev.computectl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.computectl.core.ComputeOperations;
import dev.computectl.spec.ComputeStatus;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A /configure body with unknown fields or vartypes is accepted, each logged once at WARN. */
class ConfigureWarningsTest {

  private final ComputeOperations ops = mock(ComputeOperations.class);
  private final Logger logger = (Logger) LoggerFactory.getLogger(LifecycleRoutes.class);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private ComputeHttpServer server;
  private TestHttp http;

  @BeforeEach
  void start() {
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.WARN);
    server = ComputeHttpServer.internal(ops,
        HttpOptions.internalDefaults().withHost("127.0.0.1").withPort(0)).start();
    http = new TestHttp(server);
  }

  @AfterEach
  void stop() {
    server.close();
    logger.detachAppender(appender);
    logger.setLevel(null);
  }

  private List<String> warnings() {
    return appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void unknownFieldsAndVartypesAreLoggedAndTheSpecIsApplied() throws Exception {
    when(ops.configure(any())).thenReturn(ExternalRoutesTest.statusOf(ComputeStatus.RUNNING));
    String body = ExternalRoutesTest.MINIMAL_CONFIGURE
        .replace("\"roles\":[]", "\"roles\":[],\"settings\":[{\"name\":\"work_mem\","
            + "\"value\":\"4MB\",\"vartype\":\"bogus\"}]")
        .replace("{\"spec\":{", "{\"spec\":{\"surprise\":1,");
    HttpResponse<String> r = http.postJson("/configure", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(warnings()).containsExactlyInAnyOrder(
        "POST /configure: spec.surprise: unknown field, ignored",
        "POST /configure: spec.cluster.settings[0].vartype: unknown vartype 'bogus' (known: bool,"
            + " enum, integer, real, string); the value is written unquoted, like a non-string"
            + " value");

    appender.list.clear();
    assertThat(http.postJson("/configure", ExternalRoutesTest.MINIMAL_CONFIGURE).statusCode())
        .isEqualTo(200);
    assertThat(warnings()).isEmpty();
  }
}
