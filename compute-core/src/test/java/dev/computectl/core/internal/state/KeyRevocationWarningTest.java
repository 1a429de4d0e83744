package dev.computectl.core.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.computectl.core.testing.Specs;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.SpecJson;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An empty key set replaces the keys (docs/decisions.md#keys-from-every-accepted-config) and says that every token is now refused. */
class KeyRevocationWarningTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(ComputeState.class);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final ComputeState state = new ComputeState("c-keys", Clock.systemUTC(), (f, t) -> {});

  @BeforeEach
  void attach() {
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.WARN);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
    logger.setLevel(null);
  }

  private static ComputeCtlConfig withKeys(int count) throws Exception {
    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < count; i++) {
      keys.append(i == 0 ? "" : ",").append("{\"kty\": \"OKP\", \"kid\": \"k").append(i)
          .append("\"}");
    }
    return SpecJson.mapper().readValue("{\"jwks\": {\"keys\": [" + keys + "]}}",
        ComputeCtlConfig.class);
  }

  private List<String> warnings() {
    return appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void emptyKeysAfterKeysAreStoredAndWarnedAbout() throws Exception {
    state.setCtlConfig(withKeys(2));
    state.replaceSpec(Specs.primary("4MB"), withKeys(0));
    assertThat(state.snapshot().ctlConfig().jwks().path("keys").size()).isZero();
    assertThat(warnings()).singleElement().asString()
        .contains("compute c-keys")
        .contains("replaces 2 key(s)")
        .contains("refuse every token");
  }

  @Test
  void configureWithoutKeysAfterKeysWarnsToo() throws Exception {
    state.setCtlConfig(withKeys(1));
    state.acceptConfigure(Specs.primary("4MB"), ComputeCtlConfig.defaults());
    assertThat(warnings()).singleElement().asString().contains("refuse every token");
  }

  @Test
  void noWarningWhenKeysStayOrWereNeverThere() throws Exception {
    state.setCtlConfig(ComputeCtlConfig.defaults());
    state.setCtlConfig(withKeys(0));
    state.setCtlConfig(withKeys(1));
    state.setCtlConfig(withKeys(2));
    assertThat(warnings()).isEmpty();
  }
}
