package example.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.junit.WithCompute;
import dev.computectl.testkit.spec.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** An embedded compute on the versions Spring Boot's parent picks (Jackson, JUnit, Jetty, ...). */
class ComputeTest {

  static SpecBuilder shop() {
    return SpecBuilder.spec().role("app", "pw").database("shop", "app");
  }

  @Test
  void embeddedComputeWithBootsVersions(@WithCompute(spec = "shop") TestCompute compute) {
    JdbcTemplate jdbc =
        new JdbcTemplate(new DriverManagerDataSource(compute.jdbcUrl("shop"), "app", "pw"));
    assertEquals("app", jdbc.queryForObject("select current_user", String.class));
    // The metrics (prometheus-metrics at Boot's version) as the HTTP server exposes them.
    String metrics = compute.client().metrics();
    assertTrue(metrics.contains("compute_ctl_up"), metrics);
    assertTrue(metrics.contains("pg_cctl_pagestream_request_errors_total"), metrics);
  }
}
