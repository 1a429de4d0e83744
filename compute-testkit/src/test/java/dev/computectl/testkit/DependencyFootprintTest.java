package dev.computectl.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a project gets on its test classpath from a dependency on compute-testkit: the module's
 * runtime dependencies without the optional and provided ones, as maven-dependency-plugin listed
 * them in this build ({@code target/dependency-footprint.txt}; see the pom). Issue #16: it was 79
 * artifacts (83 counted in a consumer), 42 MB, with Postgres binaries, a logging backend and the
 * launcher's CLI and native libraries.
 */
class DependencyFootprintTest {

  /** At most half of what it was; raise only with a reason a test needs the new artifact. */
  private static final int MAX_ARTIFACTS = 39;

  private static List<String> footprint() throws Exception {
    String file = System.getProperty("computectl.footprint.file");
    assertThat(file).as("computectl.footprint.file (set by the pom)").isNotBlank();
    return Files.readAllLines(Path.of(file)).stream()
        .map(String::strip)
        .filter(line -> line.split(":").length >= 5) // group:artifact:type[:classifier]:version:scope
        .filter(line -> !line.contains("(optional)"))
        .toList();
  }

  @Test
  void theTestkitBringsAtMostHalfOfWhatItUsedTo() throws Exception {
    List<String> artifacts = footprint();
    assertThat(artifacts).as("compute-testkit's transitive artifacts").isNotEmpty();
    assertThat(artifacts.size())
        .as("compute-testkit's transitive artifacts:%n%s", String.join("\n", artifacts))
        .isLessThanOrEqualTo(MAX_ARTIFACTS);
  }

  @Test
  void noBackendBinariesOrLauncherOnlyDependencies() throws Exception {
    assertThat(footprint())
        .noneMatch(a -> a.startsWith("ch.qos.logback:")) // the application picks its backend
        .noneMatch(a -> a.startsWith("io.zonky.test.postgres:")) // optional, added on purpose
        .noneMatch(a -> a.startsWith("dev.computectl:compute-launcher:"))
        .noneMatch(a -> a.startsWith("commons-cli:"))
        .noneMatch(a -> a.startsWith("com.github.jnr:"))
        .noneMatch(a -> a.startsWith("jakarta.enterprise:") || a.startsWith("jakarta.inject:"))
        .noneMatch(a -> a.startsWith("org.eclipse.jetty:jetty-jndi:"))
        .noneMatch(a -> a.startsWith("com.google.protobuf:"))
        .noneMatch(a -> a.startsWith("org.junit.")); // the project's own JUnit is used
  }
}
