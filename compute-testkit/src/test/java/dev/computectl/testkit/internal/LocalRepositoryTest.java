package dev.computectl.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalRepositoryTest {

  @Test
  void theTestkitKnowsItsOwnVersion() {
    assertThat(LocalRepository.testkitVersion()).isNotBlank().doesNotContain("${");
  }

  @Test
  void aJarByItsCoordinatesInTheConfiguredRepository() {
    String before = System.getProperty(LocalRepository.PROPERTY);
    System.setProperty(LocalRepository.PROPERTY, "/tmp/some-repo");
    try {
      assertThat(LocalRepository.jar("dev.computectl", "compute-launcher", "1.2.3", "runnable"))
          .isEqualTo(
              Path.of("/tmp/some-repo/dev/computectl/compute-launcher/1.2.3/"
                  + "compute-launcher-1.2.3-runnable.jar"));
      assertThat(LocalRepository.jar("io.zonky.test.postgres", "x", "15.19.0", null))
          .isEqualTo(Path.of("/tmp/some-repo/io/zonky/test/postgres/x/15.19.0/x-15.19.0.jar"));
    } finally {
      if (before == null) {
        System.clearProperty(LocalRepository.PROPERTY);
      } else {
        System.setProperty(LocalRepository.PROPERTY, before);
      }
    }
  }
}
