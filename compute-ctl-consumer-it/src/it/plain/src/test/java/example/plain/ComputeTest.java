package example.plain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.junit.WithCompute;
import dev.computectl.testkit.spec.SpecBuilder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ComputeTest {

  static SpecBuilder shop() {
    return SpecBuilder.spec().role("app", "pw").database("shop", "app");
  }

  /** An embedded compute through the JUnit extension: a spec role connects with JDBC. */
  @Test
  void embeddedComputeServesTheSpec(@WithCompute(spec = "shop") TestCompute compute)
      throws Exception {
    assertEquals(ComputeStatus.RUNNING, compute.status());
    try (Connection c = compute.connect("shop", "app", "pw");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select current_user, current_database()")) {
      assertTrue(rs.next());
      assertEquals("app", rs.getString(1));
      assertEquals("shop", rs.getString(2));
    }
  }

  /** compute_ctl as a child process, its jar found by its coordinates in the local repository. */
  @Test
  void subprocessComputeRunsTheRunnableJar() throws Exception {
    try (TestCompute compute =
        TestCompute.builder().subprocess().spec(shop()).start().awaitRunning()) {
      try (Connection c = compute.connect("shop", "app", "pw");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select 40 + 2")) {
        assertTrue(rs.next());
        assertEquals(42, rs.getInt(1));
      }
      assertTrue(compute.client().metrics().contains("compute_ctl_up"));
    }
  }
}
