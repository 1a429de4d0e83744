package example.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.junit.WithCompute;
import dev.computectl.testkit.spec.SpecBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring Boot example of compute-testkit's README: one compute for the class, Boot's
 * DataSource pointed at it through @DynamicPropertySource. src/test/resources/logback-test.xml
 * quiets the log to WARN; the compute's own lines stay in logLines().
 */
@SpringBootTest(classes = ShopRepositoryTest.App.class)
class ShopRepositoryTest {

  @WithCompute(spec = "shop") static TestCompute compute; // started once, closed after all tests

  static SpecBuilder shop() {
    return SpecBuilder.spec().role("app", "pw").database("shop", "app");
  }

  @DynamicPropertySource
  static void datasource(DynamicPropertyRegistry registry) {
    compute.springProperties(registry::add, "shop", "app", "pw");
  }

  @Autowired JdbcTemplate jdbc;

  @Test
  void bootsDataSourceTalksToTheCompute() {
    assertEquals("app", jdbc.queryForObject("select current_user", String.class));
    assertEquals("shop", jdbc.queryForObject("select current_database()", String.class));
  }

  @Test
  void theAdminDataSourceSeesTheSpecsRole() {
    JdbcTemplate admin = new JdbcTemplate(compute.dataSource("shop"));
    assertEquals(1, admin.queryForObject(
        "select count(*) from pg_roles where rolname = 'app'", Integer.class));
  }

  @Test
  void theComputesLinesAreKeptUnderBootsLoggingAtWarn() {
    // Boot reset logback when its context started; a reconfigure now still shows in logLines().
    int mark = compute.logLines().size();
    compute.configure(shop().role("bob", "pw2"));
    compute.awaitStatus(ComputeStatus.RUNNING, Duration.ofSeconds(60));
    List<String> lines = compute.logLines();
    assertTrue(lines.subList(mark, lines.size()).stream().anyMatch(l -> l.contains("-> running")),
        String.join("\n", lines));
  }

  @SpringBootApplication
  static class App {}
}
