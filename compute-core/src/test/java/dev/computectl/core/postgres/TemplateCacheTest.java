package dev.computectl.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateCacheTest {

  private static final TemplateCache.Key KEY =
      new TemplateCache.Key(Path.of("/pg/bin"), "15.18", "C.UTF-8", "cloud_admin");

  @Test
  void buildsOnceAcrossThreadsAndInstancesOnOneDirectory(@TempDir Path root) throws Exception {
    AtomicInteger builds = new AtomicInteger();
    TemplateCache.Builder builder = dir -> {
      builds.incrementAndGet();
      Files.writeString(dir.resolve("PG_VERSION"), "15\n");
    };
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        // Half share one instance, half bring their own (like separate computes).
        TemplateCache cache = i % 2 == 0 ? new TemplateCache(root) : new TemplateCache(root);
        results.add(pool.submit(() -> cache.template(KEY, builder)));
      }
      for (Future<Path> f : results) {
        assertThat(f.get().resolve("PG_VERSION")).hasContent("15");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(builds).hasValue(1);
    try (Stream<Path> entries = Files.list(root)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".tmp-"));
    }
  }

  @Test
  void failedBuildLeavesNoTemplateAndIsRetried(@TempDir Path root) throws Exception {
    TemplateCache cache = new TemplateCache(root);
    assertThatThrownBy(() -> cache.template(KEY, dir -> {
      Files.writeString(dir.resolve("half"), "x");
      throw new IOException("initdb failed");
    })).hasMessage("initdb failed");
    assertThat(cache.contains(KEY)).isFalse();
    Path built = cache.template(KEY, dir -> Files.writeString(dir.resolve("ok"), "y"));
    assertThat(built.resolve("ok")).exists();
    assertThat(built.resolve("half")).doesNotExist();
  }

  @Test
  void keysDifferByEveryPart() {
    assertThat(KEY.directoryName()).startsWith("pg15-");
    assertThat(new TemplateCache.Key(Path.of("/pg/bin"), "15.18", "C", "cloud_admin")
        .directoryName()).isNotEqualTo(KEY.directoryName());
    assertThat(new TemplateCache.Key(Path.of("/pg/bin"), "15.18", "C.UTF-8", "admin")
        .directoryName()).isNotEqualTo(KEY.directoryName());
  }
}
