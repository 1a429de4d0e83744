package dev.computectl.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirsTest {

  @TempDir Path shm;
  @TempDir Path fallback;

  @Test
  void theOverrideWins() {
    assertThat(WorkDirs.choose("/somewhere/else", shm, 0, fallback))
        .isEqualTo(Path.of("/somewhere/else"));
  }

  @Test
  void shmIsTakenWhenItHasRoom() {
    assertThat(WorkDirs.choose(null, shm, 0, fallback)).isEqualTo(shm);
    assertThat(WorkDirs.choose(" ", shm, 0, fallback)).isEqualTo(shm);
  }

  @Test
  void tmpdirWhenShmIsMissingOrFull() {
    assertThat(WorkDirs.choose(null, shm.resolve("missing"), 0, fallback)).isEqualTo(fallback);
    assertThat(WorkDirs.choose(null, shm, Long.MAX_VALUE, fallback)).isEqualTo(fallback);
  }
}
