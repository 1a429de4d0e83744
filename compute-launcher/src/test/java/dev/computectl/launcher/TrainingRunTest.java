package dev.computectl.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {

  @TempDir Path dir;

  @Test
  void walksTheStartPathWithoutPostgres() throws Exception {
    // A step that fails throws: the spec does not check, a server does not answer, no plan.
    assertThatCode(() -> TrainingRun.train(dir)).doesNotThrowAnyException();
  }

  @Test
  void theClassListStillNamesClassesThatExist() throws Exception {
    List<String> names = TrainingRun.listedClasses();
    assertThat(names).hasSizeGreaterThan(100).contains("org.postgresql.core.v3.QueryExecutorImpl");
    // A list gone stale (classes renamed or moved) loses archive coverage: regenerate it then.
    assertThat(TrainingRun.preload(names)).isGreaterThanOrEqualTo(names.size() * 9 / 10);
  }

  @Test
  void preloadCountsOnlyClassesThatExist() {
    assertThat(TrainingRun.preload(List.of("java.lang.String", "no.such.Clazz"))).isEqualTo(1);
  }
}
