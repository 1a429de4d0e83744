package example.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.junit.WithCompute;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * On Boot's JUnit (5.12, whose stores close only CloseableResource values), the computes of
 * @WithCompute are stopped after their test and after their class.
 */
class ComputesClosedTest {

  @Test
  void sharedAndPerTestComputesAreStopped() {
    Sample.POSTMASTERS.clear();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Sample.class)).build(),
        listener);

    assertEquals(1, listener.getSummary().getTestsSucceededCount());
    assertEquals(2, Sample.POSTMASTERS.size());
    for (long pid : Sample.POSTMASTERS) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          "postmaster " + pid + " still runs");
    }
  }

  /** Run only through the launcher above. */
  static class Sample {
    static final List<Long> POSTMASTERS = new CopyOnWriteArrayList<>();

    @WithCompute static TestCompute shared;

    @Test
    void both(@WithCompute TestCompute own) {
      POSTMASTERS.add(shared.postmasterPid().orElseThrow());
      POSTMASTERS.add(own.postmasterPid().orElseThrow());
    }
  }
}
