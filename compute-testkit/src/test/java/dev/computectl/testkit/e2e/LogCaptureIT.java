package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.spec.SpecBuilder;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link TestCompute#logLines()} holds the compute's own lines whatever the test's logging
 * configuration does to them (a root at OFF, a reset as Spring Boot does at start), one compute's
 * lines only, and Postgres's lines at Postgres's own severity.
 */
class LogCaptureIT {

  private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();

  @AfterEach
  void restoreTheLoggingConfiguration() throws Exception {
    logging.reset();
    new ContextInitializer(logging).autoConfig(); // logback-test.xml again
    logging.start();
  }

  @Test
  void linesAreKeptWithTheRootLoggerOffAndComputesDoNotSeeEachOthers() throws Exception {
    logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
    SpecBuilder spec = SpecBuilder.spec().role("app", "pw").database("shop", "app");
    try (TestCompute a = TestCompute.builder().spec(spec).start();
        TestCompute b = TestCompute.builder().spec(spec).start()) {
      a.awaitRunning();
      b.awaitRunning();

      for (TestCompute c : List.of(a, b)) {
        TestCompute other = c == a ? b : a;
        assertThat(c.logLines())
            .anyMatch(l -> l.startsWith("INFO [" + c.computeId() + "-") && l.contains("-> running"))
            .anyMatch(l -> l.contains("dev.computectl.postgres: [" + c.computeId() + "] PG: ")
                && l.contains("LOG:  "))
            .noneMatch(l -> l.contains(other.computeId()));
      }
    }
  }

  @Test
  void postgresErrorsAreKeptAsErrorsWithTheirStatement() throws Exception {
    logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    try (TestCompute compute = TestCompute.builder().spec(SpecBuilder.spec())
        .start().awaitRunning()) {
      try (Connection c = compute.connect("postgres"); Statement st = c.createStatement()) {
        st.execute("select * from no_such_table_here");
      } catch (SQLException expected) {
        // Postgres logs the error and the statement on its stderr
      }
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(compute.logLines())
              .anyMatch(l -> l.startsWith("ERROR [") && l.contains(
                  "ERROR:  relation \"no_such_table_here\" does not exist"))
              .anyMatch(l -> l.startsWith("ERROR [")
                  && l.contains("STATEMENT:  select * from no_such_table_here")));
    }
  }

  @Test
  void aResetOfTheLoggingContextKeepsTheCapture() throws Exception {
    SpecBuilder spec = SpecBuilder.spec().role("app", "pw").database("shop", "app");
    try (TestCompute compute = TestCompute.builder().spec(spec).start().awaitRunning()) {
      // What Spring Boot's logging system does when its context starts: stop, reset, configure.
      logging.stop();
      logging.reset();
      logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
      int mark = compute.logLines().size();

      compute.configure(spec.role("bob", "pw2"));
      compute.awaitStatus(ComputeStatus.RUNNING, Duration.ofSeconds(60));

      assertThat(compute.logLines().subList(mark, compute.logLines().size()))
          .anyMatch(l -> l.contains(compute.computeId()) && l.contains("-> running"));
    }
  }
}
