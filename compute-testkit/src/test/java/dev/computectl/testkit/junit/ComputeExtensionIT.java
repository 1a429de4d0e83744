package dev.computectl.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.spec.SpecBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class ComputeExtensionIT {

  static SpecBuilder shop() {
    return SpecBuilder.spec().role("app", "app-pw").database("shop", "app");
  }

  @Test
  void parameterGetsARunningComputeWithTheNamedSpec(@WithCompute(spec = "shop") TestCompute compute)
      throws Exception {
    assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
    try (Connection c = compute.connect("shop", "app", "app-pw")) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  @Test
  void emptyComputeWaitsForConfigure(@WithCompute(empty = true) TestCompute compute) {
    assertThat(compute.awaitStatus(ComputeStatus.EMPTY, Duration.ofSeconds(30)))
        .isEqualTo(ComputeStatus.EMPTY);
  }

  @Nested
  class FieldInjection {

    @WithCompute TestCompute compute;

    @Test
    void fieldIsSetBeforeTheTest() {
      assertThat(compute).isNotNull();
      assertThat(compute.status()).isEqualTo(ComputeStatus.RUNNING);
    }
  }

  @Test
  void computeIsClosedWhenTheTestFails() {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FailingTest.class))
                .build(),
            listener);
    TestExecutionSummary summary = listener.getSummary();

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException()).hasMessage("deliberate");
    long pid = FailingTest.POSTMASTER.get();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }

  @Test
  void aStaticFieldIsOneComputeForTheClassAndAnInstanceFieldOnePerTest() {
    SharedComputeTest.SEEN.clear();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SharedComputeTest.class))
                .build(),
            listener);
    TestExecutionSummary summary = listener.getSummary();

    assertThat(summary.getFailures()).extracting(f -> f.getException().toString()).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    List<String[]> seen = List.copyOf(SharedComputeTest.SEEN);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)[0]).isEqualTo(seen.get(1)[0]); // the shared compute
    assertThat(seen.get(0)[1]).isNotEqualTo(seen.get(1)[1]); // a compute per test
    long sharedPostmaster = Long.parseLong(seen.get(0)[2]);
    assertThat(ProcessHandle.of(sharedPostmaster).map(ProcessHandle::isAlive))
        .isNotEqualTo(Optional.of(true));
  }

  /** Run only through the launcher above. */
  @TestMethodOrder(MethodOrderer.MethodName.class)
  static class SharedComputeTest {
    static final List<String[]> SEEN = new CopyOnWriteArrayList<>();

    @WithCompute(spec = "shop") static TestCompute shared;
    @WithCompute TestCompute perTest;

    static SpecBuilder shop() {
      return ComputeExtensionIT.shop();
    }

    @Test
    void first() throws Exception {
      record();
    }

    @Test
    void second() throws Exception {
      record();
    }

    private void record() throws Exception {
      DataSource app = shared.dataSource("shop", "app", "app-pw");
      try (Connection c = app.getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("select current_user")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("app");
      }
      try (Connection c = perTest.dataSource("postgres").getConnection()) {
        assertThat(c.isValid(5)).isTrue();
      }
      SEEN.add(new String[] {shared.computeId(), perTest.computeId(),
          Long.toString(shared.postmasterPid().orElseThrow())});
    }
  }

  @Test
  void springPropertiesNameTheUrlAndCredentialsOfASpecRole(
      @WithCompute(spec = "shop") TestCompute compute) throws Exception {
    Map<String, Supplier<Object>> registry = new LinkedHashMap<>();
    compute.springProperties(registry::put, "shop", "app", "app-pw");

    assertThat(registry).containsOnlyKeys(
        "spring.datasource.url", "spring.datasource.username", "spring.datasource.password");
    assertThat(registry.get("spring.datasource.url").get()).isEqualTo(compute.jdbcUrl("shop"));
    try (Connection c = DriverManager.getConnection(
        (String) registry.get("spring.datasource.url").get(),
        (String) registry.get("spring.datasource.username").get(),
        (String) registry.get("spring.datasource.password").get())) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  /** Run only through the launcher above (nested classes are not picked up by Failsafe). */
  static class FailingTest {
    // The only way to hand a value out of a test run by another launcher; one test writes it.
    static final AtomicReference<Long> POSTMASTER = new AtomicReference<>();

    @Test
    void fails(@WithCompute TestCompute compute) {
      POSTMASTER.set(compute.postmasterPid().orElseThrow());
      throw new AssertionError("deliberate");
    }
  }
}
