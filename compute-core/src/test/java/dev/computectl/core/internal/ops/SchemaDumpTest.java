package dev.computectl.core.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaDumpTest {

  @Test
  void stderrReaderIsNamedAfterTheCompute() throws Exception {
    // The wrap swaps pg_dump for a shell that writes to stderr and waits, so the reader lives.
    SchemaDump dump = new SchemaDump("compute-7", Path.of("pg_dump"),
        command -> List.of("/bin/sh", "-c", "echo oops >&2; sleep 30"),
        "127.0.0.1", 5432, "cloud_admin", null);
    try (InputStream out = dump.open("postgres")) {
      await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet()
          .stream().anyMatch(t -> t.getName().equals("compute-7-pg_dump-stderr")));
      assertThat(Thread.getAllStackTraces().keySet())
          .noneMatch(t -> t.getName().equals("pg_dump-stderr"));
    }
  }
}
