package dev.computectl.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.computectl.core.testing.Specs;
import dev.computectl.spec.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A spec file's unknown fields and vartypes are accepted and logged once per read, at WARN. */
class SpecFileWarningsTest {

  @TempDir Path dir;
  private final Logger logger = (Logger) LoggerFactory.getLogger(SpecFiles.class);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

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

  private List<String> warnings() {
    return appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void eachReadLogsEachWarningOnce() throws Exception {
    Path file = dir.resolve("spec.json");
    String json = SpecJson.write(Specs.primary("4MB"));
    Files.writeString(file, json.substring(0, json.length() - 1) + ", \"surprise\": 1}");
    SpecFileSpecSource source = new SpecFileSpecSource(file);

    assertThat(source.fetch().spec()).isEqualTo(Specs.primary("4MB"));
    assertThat(warnings()).containsExactly(
        "spec file " + file + ": surprise: unknown field, ignored");

    Files.writeString(file, json);
    source.fetch();
    assertThat(warnings()).as("a clean file adds none").hasSize(1);
  }
}
