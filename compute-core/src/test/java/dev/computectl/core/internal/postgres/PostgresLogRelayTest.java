package dev.computectl.core.internal.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.event.Level;

class PostgresLogRelayTest {

  private static final String PREFIX = "PG: 2026-12-07 15:30:00.123 UTC [4242] ";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "LOG:  database system is ready to accept connections | INFO",
      "INFO:  something | INFO",
      "NOTICE:  role \"x\" does not exist, skipping | INFO",
      "WARNING:  there is no transaction in progress | WARN",
      "ERROR:  relation \"nope\" does not exist | ERROR",
      "FATAL:  password authentication failed for user \"app\" | ERROR",
      "PANIC:  could not write to file | ERROR",
      "DEBUG:  forked new backend | DEBUG",
      "DEBUG3:  shmem_exit(0) | DEBUG",
  })
  void aMessageLineHasTheLevelOfItsSeverity(String rest, Level expected) {
    assertThat(PostgresLogRelay.levelAfter(Level.INFO, PREFIX + rest)).isEqualTo(expected);
    // Before the prefix is in force (early start-up), the severity starts the line.
    assertThat(PostgresLogRelay.levelAfter(Level.INFO, "PG: " + rest)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "DETAIL:  Connection matched pg_hba.conf line 3",
      "HINT:  No function matches the given name",
      "STATEMENT:  select nope",
      "CONTEXT:  PL/pgSQL function inline_code_block line 1",
      "QUERY:  select 1",
      "LOCATION:  exec_simple_query, postgres.c:1100",
  })
  void anAnnotationLineKeepsTheLevelOfItsMessage(String rest) {
    assertThat(PostgresLogRelay.levelAfter(Level.ERROR, PREFIX + rest)).isEqualTo(Level.ERROR);
    assertThat(PostgresLogRelay.levelAfter(Level.WARN, PREFIX + rest)).isEqualTo(Level.WARN);
  }

  @Test
  void aLineWithoutSeverityKeepsTheLevelOfTheMessageBefore() {
    assertThat(PostgresLogRelay.levelAfter(Level.ERROR, "PG: \tfrom missing_table"))
        .isEqualTo(Level.ERROR);
    assertThat(PostgresLogRelay.levelAfter(Level.WARN, "PG: some tool output"))
        .isEqualTo(Level.WARN);
    // A severity word inside a message's text is no severity: the first one on the line counts.
    assertThat(PostgresLogRelay.levelAfter(Level.INFO, PREFIX + "LOG:  statement: select 'ERROR:  x'"))
        .isEqualTo(Level.INFO);
  }

  @Test
  void relaysEachLineAtItsLevelNamingTheCompute() {
    LoggerContext context = new LoggerContext();
    Logger logger = context.getLogger("relay-test");
    logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.setContext(context);
    seen.start();
    logger.addAppender(seen);
    PostgresLogRelay relay = new PostgresLogRelay(logger, "c-relay");

    relay.accept(PREFIX + "LOG:  starting PostgreSQL 15");
    relay.accept(PREFIX + "ERROR:  syntax error at or near \"selec\"");
    relay.accept(PREFIX + "STATEMENT:  selec 1");
    relay.accept("PG: \tand a second line of it");
    relay.accept(PREFIX + "WARNING:  archive_mode enabled, yet archive_command is not set");
    relay.accept(PREFIX + "HINT:  set it");
    relay.accept(PREFIX + "LOG:  checkpoint starting");

    List<String> levels = seen.list.stream().map(e -> e.getLevel().toString()).toList();
    assertThat(levels).containsExactly("INFO", "ERROR", "ERROR", "ERROR", "WARN", "WARN", "INFO");
    assertThat(seen.list.get(1).getFormattedMessage())
        .isEqualTo("[c-relay] " + PREFIX + "ERROR:  syntax error at or near \"selec\"");
  }
}
